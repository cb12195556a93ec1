// Demo accounts and cases in the shared test database, created once per run, and
// signed-in supertest agents for them.
import type { Express } from 'express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed';
import { subscribeToCaseChanges } from '../../src/subscriptions';
import { testContext } from './app';
import { testDatabase } from './database';

let seeded: Promise<void> | undefined;

export function demoData(): Promise<void> {
  // As the app and the seed script do: case changes fan out (list rows, chat events…).
  seeded ??= testDatabase().then(() => {
    const ctx = testContext();
    subscribeToCaseChanges(ctx);
    return seedDemo(ctx);
  });
  return seeded;
}

export type Agent = InstanceType<typeof TestAgent>;

/** A supertest agent holding a session of the given demo account. */
export async function signedIn(app: Express, email: string): Promise<Agent> {
  await demoData();
  const agent = request.agent(app);
  await agent.post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
  return agent;
}

export const sampleCase = {
  title: '배터리 파우치 셀 스웰링 원인 분석',
  description:
    '리튬이온 배터리 파우치 셀이 60도 고온 보관 후 부풀어 오릅니다. 가스 발생 원인 분석과 신뢰성 평가가 필요합니다.',
  industry: '이차전지',
  supportTypes: ['고장원인분석', '신뢰성평가'],
};
