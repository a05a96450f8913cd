import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Pictures among a practice's materials (issue 19): JPEG and PNG taken by their content only,
 * served with their own type and nosniff, shown as <img> on the practice's page.
 */

const t = useWorld();

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of width × height grey pixels (8-bit greyscale). */
function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc(Math.min(height, 16) * (Math.min(width, 16) + 1), 0x80);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal JPEG: SOI, a JFIF APP0 segment, EOI. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff,
  0xd9,
]);

async function as(login: string): Promise<Client> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/practices');
  return client;
}

async function draft(curator: Client): Promise<number> {
  const response = await curator.post('/practices', {
    title: 'Фотоотчёт клуба наставников',
    form: 'teacher_teacher',
    role_model: 'опытный педагог – молодой специалист',
    year: '2026',
    authors: 'Иванова Анна Петровна',
    problem: 'Молодые педагоги уходили из школы.',
    actions: 'Ежемесячные встречи клуба.',
    results: 'Все молодые педагоги остались в школе.',
    evidence: '',
    evidence_url: '',
    video_url: '',
    presented_at: '',
    tags: '',
  });
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  return Number(/^\/practices\/(\d+)$/.exec(String(response.headers.location))?.[1]);
}

async function filesOf(id: number) {
  return t.database.db
    .selectFrom('practice_files')
    .innerJoin('files', 'files.id', 'practice_files.file_id')
    .select(['files.id', 'files.media_type', 'files.original_name', 'practice_files.title'])
    .where('practice_files.practice_id', '=', id)
    .orderBy('files.id')
    .execute();
}

describe('pictures among the materials', () => {
  it('takes a real PNG and JPEG, serves them as images with nosniff, shows them as <img> with the title as alt', async () => {
    const curator = await as('curator');
    const id = await draft(curator);
    const pngUpload = await curator.upload(
      `/practices/${id}/files`,
      { name: 'Встреча.png', data: png(2, 2), type: 'application/octet-stream' },
      { title: 'Встреча клуба' },
    );
    expect(pngUpload.statusCode, textOf(pngUpload.body).slice(0, 600)).toBe(303);
    expect(
      (await curator.upload(`/practices/${id}/files`, { name: 'Урок.jpeg', data: JPEG }, { title: 'Открытый урок' })).statusCode,
    ).toBe(303);
    const files = await filesOf(id);
    expect(files.map((f) => [f.media_type, f.original_name])).toEqual([
      ['image/png', 'Встреча.png'],
      ['image/jpeg', 'Урок.jpg'],
    ]);

    const page = (await curator.get(`/practices/${id}`)).body;
    expect(page).toContain(`<img src="/practices/${id}/files/${files[0]?.id}" alt="Встреча клуба"`);
    expect(page).toContain(`<img src="/practices/${id}/files/${files[1]?.id}" alt="Открытый урок"`);

    const served = await curator.get(`/practices/${id}/files/${files[0]?.id}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(String(served.headers['content-disposition'])).toMatch(/^inline; filename="[^"\r\n]*"; filename\*=UTF-8''/);
    expect(served.rawPayload.equals(png(2, 2))).toBe(true);
    const jpeg = await curator.get(`/practices/${id}/files/${files[1]?.id}`);
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    // another school's curator does not read the draft, nor its pictures
    expect((await (await as('curator.b')).get(`/practices/${id}/files/${files[0]?.id}`)).statusCode).toBe(404);
  });

  it('refuses a text renamed .png, an SVG, a JPEG cut short, and a picture over 10 MB, naming the file', async () => {
    const curator = await as('curator');
    const id = await draft(curator);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>');
    const big = Buffer.concat([png(2, 2), Buffer.alloc(10 * 1024 * 1024)]);
    const cases: Array<{ name: string; data: Buffer; type: string; message: RegExp }> = [
      { name: 'фото.png', data: Buffer.from('это не картинка, а текст'), type: 'image/png', message: /Файл „фото.png“ не похож/ },
      { name: 'схема.svg', data: svg, type: 'image/svg+xml', message: /Файл „схема.svg“ не похож/ },
      { name: 'обрезок.jpg', data: JPEG.subarray(0, 12), type: 'image/jpeg', message: /Файл „обрезок.jpg“ не похож/ },
      { name: 'огромное.png', data: big, type: 'image/png', message: /Изображение „огромное.png“ больше 10 МБ/ },
    ];
    for (const c of cases) {
      const response = await curator.upload(`/practices/${id}/files`, { name: c.name, data: c.data, type: c.type });
      expect(response.statusCode, c.name).toBe(400);
      expect(textOf(response.body), c.name).toMatch(c.message);
    }
    expect(await filesOf(id)).toEqual([]);
    expect(await t.database.db.selectFrom('files').select('id').execute()).toEqual([]);
  });
});

describe('hostile pictures', () => {
  it('a crafted PNG whose IHDR claims 100 000 × 100 000 pixels is refused, nothing stored, the app answers next', async () => {
    const curator = await as('curator');
    const id = await draft(curator);
    for (const [width, height] of [
      [100_000, 100_000],
      [0, 1],
      [10_001, 1],
      [0xffffffff, 0xffffffff],
    ] as const) {
      const response = await curator.upload(`/practices/${id}/files`, { name: 'бомба.png', data: png(width, height) });
      expect(response.statusCode, `${width}×${height}`).toBe(400);
      expect(textOf(response.body)).toMatch(/Файл „бомба.png“ не похож/);
    }
    expect(await filesOf(id)).toEqual([]);
    expect((await curator.upload(`/practices/${id}/files`, { name: 'ok.png', data: png(10_000, 1) })).statusCode).toBe(303);
    expect((await curator.get(`/practices/${id}`)).statusCode).toBe(200);
  });
});
