// The admin's view of the 37 institutes: status, capacity and current load, and who
// manages each. Settings are changed through the institutes feature (one policy rule)
// and recorded in the admin log.
import { User } from '../accounts/model';
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { validate } from '../core/http/validate';
import { Institute } from '../institutes/model';
import { instituteCodeParams, instituteSettingsSchema } from '../institutes/params';
import { updateInstituteSettings } from '../institutes/service';
import { authorize } from '../policy/policy';
import { recordAdminAction } from './audit';

export async function instituteOverview(actor: Actor) {
  authorize(actor, 'admin:users');
  const [institutes, managers] = await Promise.all([
    Institute.find({}, { code: 1, nameKo: 1, nameEn: 1, homeField: 1, status: 1, capacity: 1, openLoad: 1 })
      .sort({ code: 1 })
      .lean(),
    User.find({ role: 'institute_manager', active: true }, { name: 1, email: 1, instituteCode: 1 }).lean(),
  ]);
  return institutes.map((i) => ({ ...i, managers: managers.filter((m) => m.instituteCode === i.code) }));
}

export async function changeInstitute(ctx: AppContext, actor: Actor, params: unknown, body: unknown) {
  authorize(actor, 'admin:users');
  const code = validate(instituteCodeParams, params).code.toUpperCase();
  const settings = validate(instituteSettingsSchema, body);
  await recordAdminAction(actor, 'institute', { kind: 'institute', id: code, label: code }, ctx.now(), {
    key: 'adminInstitute',
    params: { status: settings.status, capacity: settings.capacity },
  });
  await updateInstituteSettings(actor, code, settings);
}
