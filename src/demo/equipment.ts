// Demo equipment use: company1 asks for two thermal shock chambers on its power-module
// case; the first one's institute has confirmed days and a fee, the second waits. Made
// through the real services, like the demo cases.
import type { AppContext } from '../core/context';
import { Case } from '../cases/model';
import { Equipment } from '../equipment/model';
import { confirmUse, requestUse } from '../equipment/use-requests';
import type { Actor } from '../accounts/roles';

const DAY_MS = 86_400_000;

export async function seedDemoEquipmentUse(
  ctx: AppContext,
  demoActor: (email: string) => Promise<Actor>,
): Promise<void> {
  const c = await Case.findOne({ title: '전력반도체 모듈 열충격 신뢰성 평가' }).lean();
  const chambers = await Equipment.find(
    { source: 'demo', name: '열충격 시험기 (TS)', status: 'available' },
    { _id: 1, instituteCode: 1 },
  )
    .limit(2)
    .lean();
  if (!c || chambers.length < 2) return;
  const company = await demoActor('company1@demo.test');
  const day = (n: number) => new Date(ctx.now().getTime() + n * DAY_MS);
  const ask = (id: string, purpose: string) =>
    Case.findById(c._id)
      .lean()
      .then((fresh) =>
        requestUse(ctx, company, id, fresh ?? c, {
          caseId: String(c._id),
          purpose,
          sampleCount: 6,
          sampleKind: 'DBC 세라믹 기판',
          desiredFrom: day(7),
          desiredTo: day(8),
        }),
      );
  const [first, second] = chambers;
  const made = await ask(String(first?._id), '-55~150 ℃ 열충격 1,000사이클 후 기판 균열 확인');
  const engineer = await demoActor(`eng.${(first?.instituteCode ?? '').toLowerCase()}@demo.test`);
  const fresh = await Case.findById(c._id).lean();
  if (fresh)
    await confirmUse(ctx, engineer, { use: made.use, c: fresh }, { from: day(7), to: day(8), feeEstimate: 90_000 });
  await ask(String(second?._id), '비교 시험: 다른 기판 공급사 시료');
}
