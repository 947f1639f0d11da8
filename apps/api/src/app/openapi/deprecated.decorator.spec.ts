import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { Deprecated } from './deprecated.decorator';

const since = new Date('2027-01-01T00:00:00Z');
const sunset = new Date('2027-06-30T00:00:00Z');

@Controller('old')
class OldController {
  @Get()
  @Deprecated({ since, sunset, link: 'https://example.test/docs/api-versioning' })
  old(): { ok: true } {
    return { ok: true };
  }

  @Get('current')
  current(): { ok: true } {
    return { ok: true };
  }
}

describe('Deprecated', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const mod = await Test.createTestingModule({ controllers: [OldController] }).compile();
    app = mod.createNestApplication();
    await app.init();
  });
  afterAll(() => app.close());

  it('sends Deprecation, Sunset and Link on a deprecated route', async () => {
    const res = await request(app.getHttpServer()).get('/old').expect(200);
    expect(res.headers['deprecation']).toBe(`@${since.getTime() / 1000}`);
    expect(res.headers['sunset']).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(res.headers['link']).toBe('<https://example.test/docs/api-versioning>; rel="deprecation"');
  });

  it('sends none of them on a current route', async () => {
    const res = await request(app.getHttpServer()).get('/old/current').expect(200);
    expect(res.headers['deprecation']).toBeUndefined();
    expect(res.headers['sunset']).toBeUndefined();
  });

  it('marks the operation deprecated in the OpenAPI document', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    expect(doc.paths['/old']?.get?.deprecated).toBe(true);
    expect(doc.paths['/old/current']?.get?.deprecated).toBeUndefined();
  });

  it('refuses a sunset less than 90 days after the deprecation', () => {
    expect(() => Deprecated({ since, sunset: new Date('2027-02-01T00:00:00Z'), link: 'x' })).toThrow(/at least 90 days/);
  });
});
