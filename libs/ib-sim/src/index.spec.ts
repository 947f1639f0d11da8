import { SIM_SERVER_VERSION } from './index';

describe('ib-sim', () => {
  it('speaks server version 193', () => {
    expect(SIM_SERVER_VERSION).toBe(193);
  });
});
