import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  type ArchiveLimits,
  ArchiveError,
  archiveMessage,
  MAX_HONEST_RATIO,
  openZip,
  RATIO_FLOOR_BYTES,
} from '../../src/lib/archive.js';
import { loadWorkbook, readTable, writeXlsx } from '../../src/lib/spreadsheet.js';
import { detectDocumentType } from '../../src/lib/uploads.js';
import { tableTextFromFile } from '../../src/modules/roadmaps/file-table.js';
import { schoolDocx, schoolXlsx } from '../helpers/roadmap-documents.js';
import { appendEntries, buildZip, emptyEntries, spaces } from '../helpers/zips.js';

const MB = 1024 * 1024;
const LIMITS: ArchiveLimits = { maxEntries: 100, maxEntryBytes: 64 * MB, maxTotalBytes: 128 * MB, maxRatio: MAX_HONEST_RATIO };

/** The ArchiveError `action` throws (synchronously or not). */
async function refusal(action: () => unknown): Promise<ArchiveError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    return error as ArchiveError;
  }
  throw new Error('not refused');
}

const small = () =>
  buildZip([
    { name: 'a.txt', content: 'первый' },
    { name: 'b.txt', content: 'второй', method: 0 },
  ]);

/** Offset of the first central directory header of `zip`. */
function directoryOf(zip: Buffer): number {
  return zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
}

describe('openZip: refused from the central directory, before anything is inflated', () => {
  it('reads the names and declared sizes of an honest archive', () => {
    const archive = openZip(small(), LIMITS);
    expect([...archive.entries.keys()]).toEqual(['a.txt', 'b.txt']);
    expect(archive.entries.get('a.txt')).toMatchObject({ size: Buffer.byteLength('первый'), method: 8 });
    expect(archive.entries.get('b.txt')).toMatchObject({ method: 0 });
  });

  it('is not a zip: no end record', async () => {
    expect((await refusal(() => openZip(Buffer.from('PK\x03\x04 просто текст'), LIMITS))).problem).toBe('not_zip');
    expect((await refusal(() => openZip(Buffer.alloc(0), LIMITS))).problem).toBe('not_zip');
  });

  it('is damaged: offsets out of range, wrong signatures, a local header that disagrees, a wrong count', async () => {
    const damaged = async (zip: Buffer) => (await refusal(() => openZip(zip, LIMITS))).problem;
    const zip = small();
    const end = zip.length - 22;
    const directory = directoryOf(zip);

    const pastEnd = Buffer.from(zip);
    pastEnd.writeUInt32LE(zip.length, end + 16);
    expect(await damaged(pastEnd)).toBe('damaged');

    const signature = Buffer.from(zip);
    signature.writeUInt32LE(0x12345678, directory);
    expect(await damaged(signature)).toBe('damaged');

    const localOffset = Buffer.from(zip);
    localOffset.writeUInt32LE(directory + 1000, directory + 42);
    expect(await damaged(localOffset)).toBe('damaged');

    const localSignature = Buffer.from(zip);
    localSignature.writeUInt32LE(0, 0);
    expect(await damaged(localSignature)).toBe('damaged');

    const localName = Buffer.from(zip);
    localName.write('x', 30, 'latin1');
    expect(await damaged(localName)).toBe('damaged');

    const localMethod = Buffer.from(zip);
    localMethod.writeUInt16LE(0, 8);
    expect(await damaged(localMethod)).toBe('damaged');

    const localSize = Buffer.from(zip);
    localSize.writeUInt32LE(5, 22);
    expect(await damaged(localSize)).toBe('damaged');

    expect(await damaged(buildZip([{ name: 'a.txt', content: 'a' }], { count: 2 }))).toBe('damaged');
    // two entries of one name, and a stored entry whose sizes differ
    expect(
      await damaged(
        buildZip([
          { name: 'a.txt', content: 'a' },
          { name: 'a.txt', content: 'b' },
        ]),
      ),
    ).toBe('damaged');
    expect(await damaged(buildZip([{ name: 'a.txt', content: 'abc', method: 0, size: 2 }]))).toBe('damaged');
  });

  it('is damaged when two entries share bytes (how a bomb multiplies one kernel)', async () => {
    const zip = buildZip([
      { name: 'a.txt', content: 'a'.repeat(100) },
      { name: 'b.txt', content: 'b'.repeat(100) },
    ]);
    const second = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), directoryOf(zip) + 4);
    // b.txt's header points at a.txt's local header, renamed to match
    const overlapping = Buffer.from(zip);
    overlapping.writeUInt32LE(0, second + 42);
    overlapping.write('b', 30, 'latin1');
    overlapping.write('b', directoryOf(zip) + 46, 'latin1');
    expect((await refusal(() => openZip(overlapping, LIMITS))).problem).toBe('damaged');
  });

  it('is damaged when a header lies that a deflated entry is smaller than its packed bytes allow', async () => {
    // 50 MB of spaces pack to about 50 KB; no deflater writes 50 KB for 1 KB
    const error = await refusal(() =>
      openZip(buildZip([{ name: 'docProps/custom.xml', content: spaces(50 * MB), size: 1024 }]), LIMITS),
    );
    expect(error.problem).toBe('damaged');
    expect(error.details.entry).toBe('docProps/custom.xml');
  });

  it('refuses ZIP64 as too big, encrypted entries, and methods other than stored and deflate', async () => {
    const zip64 = await refusal(() => openZip(buildZip([{ name: 'custom.xml', content: spaces(MB), size: 6000 * MB }]), LIMITS));
    expect(zip64).toMatchObject({ problem: 'too_big', details: { entry: 'custom.xml' } });
    const locator = Buffer.concat([Buffer.from([0x50, 0x4b, 0x06, 0x07]), Buffer.alloc(16), small().subarray(-22)]);
    const withLocator = Buffer.concat([small().subarray(0, -22), locator]);
    expect((await refusal(() => openZip(withLocator, LIMITS))).problem).toBe('too_big');

    expect((await refusal(() => openZip(buildZip([{ name: 'a.xml', content: 'x', flags: 0x0001 }]), LIMITS))).problem).toBe(
      'encrypted',
    );
    for (const method of [9, 12, 14, 99]) {
      const error = await refusal(() => openZip(buildZip([{ name: 'a.xml', content: 'x', method }]), LIMITS));
      expect(error.problem, String(method)).toBe('unsupported');
    }
  });

  it('refuses more entries than the limit, counting the headers whatever the end record says', async () => {
    expect((await refusal(() => openZip(buildZip(emptyEntries(101)), LIMITS))).problem).toBe('too_many_entries');
    expect((await refusal(() => openZip(buildZip(emptyEntries(101), { count: 3 }), LIMITS))).problem).toBe('too_many_entries');
    expect((await refusal(() => openZip(buildZip(emptyEntries(3), { count: 0xffff }), LIMITS))).problem).toBe('too_many_entries');
    // 100 000 entries: more than a 16-bit count holds, so the end record declares 100 000 mod 65 536
    expect((await refusal(() => openZip(buildZip(emptyEntries(100_000)), LIMITS))).details.limit).toBe(100);
    expect(openZip(buildZip(emptyEntries(100)), LIMITS).entries.size).toBe(100);
  });

  it('refuses an entry, or all of them together, over the declared size limits', async () => {
    const entry = await refusal(() => openZip(buildZip([{ name: 'sheet.xml', content: spaces(65 * MB) }]), LIMITS));
    expect(entry).toMatchObject({ problem: 'too_big', details: { entry: 'sheet.xml', bytes: 65 * MB, limit: 64 * MB } });
    const parts = [1, 2, 3].map((n) => ({ name: `sheet${n}.xml`, content: spaces(50 * MB) }));
    const total = await refusal(() => openZip(buildZip(parts), { ...LIMITS, maxRatio: 2000 }));
    expect(total).toMatchObject({ problem: 'too_big', details: { bytes: 150 * MB, limit: 128 * MB } });
  });

  it('refuses an entry over 1 MB that unpacks to more than maxRatio times its packed size', async () => {
    const error = await refusal(() => openZip(buildZip([{ name: 'docProps/custom.xml', content: spaces(20 * MB) }]), LIMITS));
    expect(error).toMatchObject({
      problem: 'ratio',
      details: { entry: 'docProps/custom.xml', bytes: 20 * MB, limit: MAX_HONEST_RATIO },
    });
    expect(error.details.bytes! / error.details.packed!).toBeGreaterThan(1000);
    // below the floor a ratio does not count; a stored entry is 1:1
    expect(openZip(buildZip([{ name: 'a.xml', content: spaces(RATIO_FLOOR_BYTES) }]), LIMITS).entries.size).toBe(1);
    expect(openZip(buildZip([{ name: 'a.xml', content: Buffer.alloc(3 * MB, 0x20), method: 0 }]), LIMITS).entries.size).toBe(1);
  });
});

describe('ZipArchive.read: inflation capped at the declared size', () => {
  it('reads stored and deflated entries', async () => {
    const archive = openZip(small(), LIMITS);
    expect((await archive.read('a.txt')).toString('utf8')).toBe('первый');
    expect(await archive.readText('b.txt')).toBe('второй');
  });

  it('stops a lying header at its declared size: 50 MB of spaces declared as 60 KB is damaged', async () => {
    const bomb = spaces(50 * MB);
    const declared = bomb.data.length + 10 * 1024;
    const archive = openZip(buildZip([{ name: 'xl/worksheets/sheet1.xml', content: bomb, size: declared }]), LIMITS);
    expect(archive.entries.get('xl/worksheets/sheet1.xml')?.size).toBe(declared);
    const error = await refusal(() => archive.read('xl/worksheets/sheet1.xml'));
    expect(error).toMatchObject({ problem: 'damaged', details: { entry: 'xl/worksheets/sheet1.xml' } });
  });

  it('is damaged when the entry unpacks to less than declared, to a wrong CRC, or is not deflate', async () => {
    const shorter = openZip(buildZip([{ name: 'a.xml', content: spaces(100_000), size: 100_001 }]), LIMITS);
    expect((await refusal(() => shorter.read('a.xml'))).problem).toBe('damaged');
    const crc = openZip(buildZip([{ name: 'a.xml', content: 'text', crc: 1 }]), LIMITS);
    expect((await refusal(() => crc.read('a.xml'))).problem).toBe('damaged');
    const storedCrc = openZip(buildZip([{ name: 'a.xml', content: 'text', method: 0, crc: 1 }]), LIMITS);
    expect((await refusal(() => storedCrc.read('a.xml'))).problem).toBe('damaged');
    const garbage = openZip(
      buildZip([{ name: 'a.xml', content: { data: Buffer.from([0xff, 0xff, 0xff, 0xff]), size: 10, crc: 0 } }]),
      LIMITS,
    );
    expect((await refusal(() => garbage.read('a.xml'))).problem).toBe('damaged');
    const cut = spaces(900_000);
    const truncated = openZip(
      buildZip([{ name: 'a.xml', content: { ...cut, data: cut.data.subarray(0, cut.data.length / 2) } }]),
      LIMITS,
    );
    expect((await refusal(() => truncated.read('a.xml'))).problem).toBe('damaged');
  });

  it('refuses to inflate an entry over the caller’s limit, and more than maxTotalBytes over all reads', async () => {
    const archive = openZip(
      buildZip([
        { name: 'a.xml', content: spaces(MB) },
        { name: 'b.xml', content: spaces(MB) },
      ]),
      { ...LIMITS, maxTotalBytes: 2.5 * MB },
    );
    expect(await refusal(() => archive.read('a.xml', 1000))).toMatchObject({
      problem: 'too_big',
      details: { entry: 'a.xml', bytes: MB, limit: 1000 },
    });
    expect((await archive.read('a.xml')).length).toBe(MB);
    expect((await archive.read('b.xml')).length).toBe(MB);
    // reading a part again counts again
    expect(await refusal(() => archive.read('a.xml'))).toMatchObject({
      problem: 'too_big',
      details: { bytes: 3 * MB, limit: 2.5 * MB },
    });
  });
});

describe('ZipArchive.repack and real office files', () => {
  it('reads every part of an .xlsx and a .docx the portal writes exactly as JSZip does', async () => {
    const header = ['Фамилия', 'Имя', 'Отчество', 'Класс'];
    const rows = Array.from({ length: 10_000 }, (_, index) => [`Фамилия${index}`, 'Иван', 'Петрович', `${(index % 11) + 1}А`]);
    for (const file of [await writeXlsx('База', header, rows), await schoolXlsx(), await schoolDocx()]) {
      const archive = openZip(file, LIMITS);
      const zip = await JSZip.loadAsync(file);
      const names = Object.values(zip.files).filter((entry) => !entry.dir);
      expect(names.length).toBeGreaterThan(5);
      for (const entry of names)
        expect((await archive.read(entry.name)).equals(await entry.async('nodebuffer')), entry.name).toBe(true);
    }
  });

  it('writes a stored archive of the named parts that openZip and exceljs read back', async () => {
    const file = await writeXlsx('База', ['Фамилия', 'Имя'], [['Иванов', 'Иван']]);
    const archive = openZip(file, LIMITS);
    const names = [...archive.entries.keys()].filter((name) => !name.startsWith('docProps/'));
    const repacked = await archive.repack([...names, 'нет такой части']);
    const again = openZip(repacked, LIMITS);
    expect([...again.entries.keys()]).toEqual(names);
    for (const entry of again.entries.values()) {
      expect(entry.method).toBe(0);
      expect((await again.read(entry.name)).equals(await openZip(file, LIMITS).read(entry.name))).toBe(true);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(repacked as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.getRow(2).values).toEqual([undefined, 'Иванов', 'Иван']);
  });

  it('gives exceljs the parts it needs for hyperlinks, notes, pictures and tables, and never unpacks the rest', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['Фамилия', 'Имя', 'Сайт']);
    sheet.addRow(['Иванов', 'Иван', { text: 'школа', hyperlink: 'https://example.ru' }]);
    sheet.getCell('A2').note = 'примечание';
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082',
      'hex',
    );
    sheet.addImage(workbook.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' }), 'E2:F4');
    sheet.addTable({ name: 'Т1', ref: 'A5', columns: [{ name: 'Фамилия' }, { name: 'Имя' }], rows: [['Петров', 'Пётр']] });
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    // A picture whose CRC is wrong and a custom part whose header lies: neither is ever unpacked.
    const picture = file.indexOf(Buffer.from('xl/media/image1.png'));
    const broken = appendEntries(file, [{ name: 'docProps/custom.xml', content: spaces(50 * MB), size: 60 * 1024 }]);
    const crcAt = [picture - 30, broken.indexOf(Buffer.from('xl/media/image1.png'), directoryOf(broken)) - 46];
    expect(crcAt.every((at) => at > 0)).toBe(true);
    broken.writeUInt32LE(12345, crcAt[0]! + 14);
    broken.writeUInt32LE(12345, crcAt[1]! + 16);
    const read = await loadWorkbook(openZip(broken, LIMITS));
    expect(read.worksheets[0]?.getCell('C2').value).toEqual({ text: 'школа', hyperlink: 'https://example.ru' });
    expect(await readTable(broken, 'люди.xlsx')).toMatchObject({
      header: ['Фамилия', 'Имя', 'Сайт'],
      rows: [{ line: 2, cells: ['Иванов', 'Иван', 'школа'] }, {}, {}],
    });
    // …while a sheet whose CRC is wrong is damaged
    const sheetAt = broken.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 30;
    const badSheet = Buffer.from(broken);
    badSheet.writeUInt32LE(1, badSheet.indexOf(Buffer.from('xl/worksheets/sheet1.xml'), directoryOf(badSheet)) - 46 + 16);
    badSheet.writeUInt32LE(1, sheetAt + 14);
    expect((await refusal(() => loadWorkbook(openZip(badSheet, LIMITS)))).problem).toBe('damaged');
  });

  it('real files pass each reader', async () => {
    expect(
      await detectDocumentType(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Программа')] }] }))),
    ).toMatchObject({ extension: 'docx' });
    expect(await tableTextFromFile(await schoolDocx(), 'план.docx')).toContain('Нормативное правовое регулирование');
    expect(await tableTextFromFile(await schoolXlsx(), 'план.xlsx')).toContain('Нормативное правовое регулирование');
  });
});

describe('archiveMessage', () => {
  it('says in Russian, naming the file as the caller quotes it, why an archive is not read', () => {
    const say = (error: ArchiveError) => archiveMessage(error, '«план.xlsx»');
    expect(say(new ArchiveError('damaged'))).toBe(
      'Не удалось прочитать файл «план.xlsx»: он повреждён или сохранён не полностью.',
    );
    expect(say(new ArchiveError('not_zip'))).toContain('повреждён');
    expect(archiveMessage(new ArchiveError('encrypted'), '„план.docx“')).toBe(
      'Файл „план.docx“ зашифрован (защищён паролем), прочитать его нельзя — снимите пароль.',
    );
    expect(say(new ArchiveError('unsupported'))).toBe('Файл «план.xlsx» сжат нестандартным способом, который портал не читает.');
    expect(say(new ArchiveError('too_many_entries', { limit: 5000 }))).toBe(
      'Файл «план.xlsx» не похож на обычный документ: в нём слишком много частей архива (больше 5\u00a0000).',
    );
    expect(say(new ArchiveError('too_big', { entry: 'docProps/custom.xml', bytes: 200 * MB, limit: 64 * MB }))).toBe(
      'В файле «план.xlsx» слишком много данных: в распакованном виде это 200 МБ, допускается не больше 64 МБ.',
    );
    expect(say(new ArchiveError('too_big', { bytes: 0xffffffff, limit: 64 * MB }))).toContain(
      'в распакованном виде это больше 4 ГБ',
    );
    expect(say(new ArchiveError('ratio', { entry: 'a.xml', bytes: 2 * MB, packed: (2 * MB) / 1030, limit: 500 }))).toContain(
      'в 1\u00a0030 раз больше',
    );
    expect(
      say(new ArchiveError('ratio', { entry: 'docProps/custom.xml', bytes: 200 * MB, packed: 200 * 1024, limit: 500 })),
    ).toBe(
      'Файл «план.xlsx» сжат подозрительно сильно: его часть «docProps/custom.xml» в распакованном виде занимает 200 МБ, в 1\u00a0024 раза больше, чем в архиве. Так сжимаются только специально подготовленные файлы («zip-бомбы»), а не документы.',
    );
  });
});
