import type { Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';
import { storeUploadWith } from '../src/modules/files/service.js';
import type { FileStore } from '../src/lib/uploads.js';

/**
 * A small but real one-page PDF (PDF 1.4, Helvetica, a correct cross-reference table) with a few
 * lines of ASCII text: what a scan of a signed agreement stands for in the demo.
 */
export function demoPdf(lines: string[]): Buffer {
  const escapeText = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 72 ${770 - i * 22} Td (${escapeText(line)}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The demo agreements that get a scan: the two running ones with partners (seeds/agreements.ts), by number. */
export const DEMO_AGREEMENT_FILES: Array<{ number: string; fileName: string; lines: string[] }> = [
  {
    number: '14/НС',
    fileName: 'Соглашение 14-НС с механическим заводом.pdf',
    lines: [
      'Agreement No. 14/NS on mentoring',
      'MBOU "School No. 1" and LLC "Zarechny Mechanical Plant"',
      'Demo scan of the signed agreement',
    ],
  },
  {
    number: '27',
    fileName: 'Соглашение 27 с политехническим колледжем.pdf',
    lines: [
      'Agreement No. 27 on network cooperation',
      'MBOU "School No. 1" and GAPOU "Zarechny Polytechnic College"',
      'Demo scan of the signed agreement',
    ],
  },
];

/**
 * Attaches the scans to the demo agreements that have none (issue 17). Separate from seedDemo's
 * transaction because the bytes go to the portal's file store; run after it when it created the demo.
 */
export async function seedDemoAgreementFiles(db: Kysely<Database>, store: FileStore): Promise<number> {
  let attached = 0;
  for (const seed of DEMO_AGREEMENT_FILES) {
    const agreement = await db
      .selectFrom('agreements')
      .select(['id', 'school_id'])
      .where('number', '=', seed.number)
      .where('file_id', 'is', null)
      .executeTakeFirst();
    if (!agreement) continue;
    const upload = {
      organizationId: agreement.school_id,
      purpose: 'agreement' as const,
      fileName: seed.fileName,
      data: demoPdf(seed.lines),
    };
    await storeUploadWith(db, store, null, upload, (trx, file) =>
      trx.updateTable('agreements').set({ file_id: file.id }).where('id', '=', agreement.id).execute(),
    );
    attached++;
  }
  return attached;
}
