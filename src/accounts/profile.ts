import { designationClaimsView } from '../companies/designations';
import { Company, hasEquipmentDiscount, validDesignations } from '../companies/model';
import { User } from './model';
import { ROLE_LABELS, type Actor } from './roles';

/** The signed-in user with role label and company, as /api/me and the account page show it. */
export async function profileOf(actor: Actor, now: Date) {
  const [company, user] = await Promise.all([
    actor.companyId ? Company.findById(actor.companyId).lean() : null,
    User.findById(actor.id, { emailPreference: 1 }).lean(),
  ]);
  return {
    ...actor,
    emailPreference: user?.emailPreference ?? 'immediate',
    roleLabel: ROLE_LABELS[actor.role],
    company: company
      ? {
          id: String(company._id),
          name: company.name,
          designations: validDesignations(company, now),
          pendingDesignations: (company.claimedDesignations ?? []).filter((d) => !company.designations?.includes(d)),
          claims: designationClaimsView(company),
          equipmentDiscount: hasEquipmentDiscount(company, now),
        }
      : null,
  };
}
