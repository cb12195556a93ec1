import { Company, hasEquipmentDiscount } from '../companies/model';
import { ROLE_LABELS, type Actor } from './roles';

/** The signed-in user with role label and company, as /api/me and the account page show it. */
export async function profileOf(actor: Actor) {
  const company = actor.companyId ? await Company.findById(actor.companyId).lean() : null;
  return {
    ...actor,
    roleLabel: ROLE_LABELS[actor.role],
    company: company
      ? {
          id: String(company._id),
          name: company.name,
          designations: company.designations ?? [],
          equipmentDiscount: hasEquipmentDiscount(company),
        }
      : null,
  };
}
