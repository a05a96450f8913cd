import type { Transaction } from 'kysely';
import type { Database, SupportDirection } from '../src/db/types.js';

interface CentreSeed {
  school: string;
  role: 'resource_center' | 'mentor_school';
  direction: SupportDirection;
  subject: string;
  serves: string[];
}

/**
 * The demo's resource centre and mentor school (issue 17): the demo school, a resource centre for
 * young teachers (its school – school agreement with СОШ № 3 is in seeds/agreements.ts), and the
 * lyceum, a mentor school for the village school's pupils.
 */
export const DEMO_CENTRES: CentreSeed[] = [
  {
    school: 'МБОУ «СОШ № 1»',
    role: 'resource_center',
    direction: 'teachers',
    subject: 'Математика и естественные науки: сопровождение молодых педагогов',
    serves: ['МБОУ «СОШ № 3»', 'МБОУ «ООШ д. Луговая»'],
  },
  {
    school: 'МБОУ «Лицей № 2»',
    role: 'mentor_school',
    direction: 'students',
    subject: 'Профориентация и проектная деятельность',
    serves: ['МБОУ «СОШ с. Берёзовка»'],
  },
];

export async function seedDemoResourceCentres(
  trx: Transaction<Database>,
  organizationIds: Map<string, number>,
  createdBy: number | null,
): Promise<void> {
  const id = (name: string) => {
    const found = organizationIds.get(name);
    if (found === undefined) throw new Error(`demo seed: unknown organisation ${name}`);
    return found;
  };
  for (const centre of DEMO_CENTRES) {
    await trx
      .updateTable('organizations')
      .set({
        ...(centre.role === 'resource_center' ? { is_resource_center: true } : { is_mentor_school: true }),
        support_direction: centre.direction,
        support_subject: centre.subject,
      })
      .where('id', '=', id(centre.school))
      .execute();
    await trx
      .insertInto('organization_served_schools')
      .values(
        centre.serves.map((school) => ({ organization_id: id(centre.school), school_id: id(school), created_by: createdBy })),
      )
      .execute();
  }
}
