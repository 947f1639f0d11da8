export { type Clock, type TimerHandle, ManualClock, SystemClock } from './lib/clock';
