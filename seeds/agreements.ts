import type { Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';

/**
 * Agreements of the demo school (issue 17): two running ones with partners (the plant, the
 * college), which make them the school's partners in the proposals of mentors, one expired (the
 * house of culture: its mentors count as «another partner»), and a school – school agreement of the
 * resource centre with a school it supports. Terms are counted from `today`, so their states hold.
 */
export async function seedDemoAgreements(
  db: Kysely<Database>,
  organizationIds: Map<string, number>,
  demoSchool: string,
  createdBy: number | null,
  today: string,
): Promise<void> {
  const id = (name: string) => {
    const found = organizationIds.get(name);
    if (found === undefined) throw new Error(`demo seed: unknown organisation ${name}`);
    return found;
  };
  const year = Number(today.slice(0, 4));
  const school = id(demoSchool);
  await db
    .insertInto('agreements')
    .values(
      [
        {
          school_id: school,
          party_id: id('ООО «Заречный механический завод»'),
          kind: 'partner' as const,
          number: '14/НС',
          signed_on: `${year - 1}-08-28`,
          valid_from: `${year - 1}-09-01`,
          valid_to: `${year + 2}-08-31`,
          subject:
            'Наставничество специалистов завода над обучающимися 8–11 классов по форме «работодатель – ученик»: профессиональные пробы, проектная работа, экскурсии на производство',
        },
        {
          school_id: school,
          party_id: id('ГАПОУ «Заречный политехнический колледж»'),
          kind: 'college' as const,
          number: '27',
          signed_on: `${year - 2}-09-15`,
          valid_from: `${year - 2}-09-15`,
          valid_to: null,
          subject:
            'Сетевое взаимодействие: студенты колледжа — наставники обучающихся в технической направленности, совместные мастер-классы',
        },
        {
          school_id: school,
          party_id: id('МБУК «ЦКД»'),
          kind: 'partner' as const,
          number: '3-к',
          signed_on: `${year - 4}-09-01`,
          valid_from: `${year - 4}-09-01`,
          valid_to: `${year - 2}-05-31`,
          subject: 'Творческое наставничество: руководители студий центра — наставники обучающихся 5–7 классов',
        },
        {
          school_id: school,
          party_id: id('МБОУ «СОШ № 3»'),
          kind: 'school' as const,
          number: '5',
          signed_on: `${year - 1}-09-01`,
          valid_from: `${year - 1}-09-01`,
          valid_to: `${year + 1}-08-31`,
          subject: 'Ресурсный центр сопровождает молодых педагогов школы: наставничество «учитель – учитель», открытые уроки',
        },
      ].map((row) => ({ ...row, created_by: createdBy })),
    )
    .execute();
}
