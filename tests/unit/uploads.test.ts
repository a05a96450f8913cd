import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDocument,
  DOCUMENT_ACCEPT,
  detectDocumentType,
  detectImageType,
  FileNotFoundError,
  FileStore,
  formatFileSize,
  MAX_DOCUMENT_BYTES,
  safeFileName,
  UploadError,
} from '../../src/lib/uploads.js';

/** A small but complete PDF (one empty page), as a PDF writer saves it. */
function minimalPdf(): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n',
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += object;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function docx(): Promise<Buffer> {
  const document = new Document({ sections: [{ children: [new Paragraph('Программа наставничества МБОУ «СОШ № 1»')] }] });
  return Packer.toBuffer(document);
}

/** An ODT as LibreOffice writes it: `mimetype` first and stored, then the XML parts. */
async function odt(options: { mimetypeFirst?: boolean; mimetype?: string } = {}): Promise<Buffer> {
  const zip = new JSZip();
  const mimetype = options.mimetype ?? 'application/vnd.oasis.opendocument.text';
  if (options.mimetypeFirst !== false) zip.file('mimetype', mimetype, { compression: 'STORE' });
  zip.file(
    'content.xml',
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text><text:p>Программа</text:p></office:text></office:body></office:document-content>',
  );
  zip.file(
    'META-INF/manifest.xml',
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>',
  );
  if (options.mimetypeFirst === false) zip.file('mimetype', mimetype, { compression: 'DEFLATE' });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Лист1').addRow(['Фамилия', 'Имя']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const OLE_DOC = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.')]);
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

describe('detectDocumentType', () => {
  it('recognises PDF, DOCX and ODT by their content', async () => {
    expect(await detectDocumentType(minimalPdf())).toMatchObject({
      mediaType: 'application/pdf',
      extension: 'pdf',
      label: 'PDF',
    });
    expect(await detectDocumentType(await docx())).toMatchObject({
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
      label: 'DOCX',
    });
    expect(await detectDocumentType(await odt())).toMatchObject({
      mediaType: 'application/vnd.oasis.opendocument.text',
      extension: 'odt',
      label: 'ODT',
    });
    // the `mimetype` entry is the test, not its place
    expect(await detectDocumentType(await odt({ mimetypeFirst: false }))).toMatchObject({ extension: 'odt' });
  });

  it('accepts a PDF header after some leading bytes, as readers do, but not after the first 1024', async () => {
    expect(await detectDocumentType(Buffer.concat([Buffer.alloc(100, 0x20), minimalPdf()]))).toMatchObject({ extension: 'pdf' });
    expect(await detectDocumentType(Buffer.concat([Buffer.alloc(1100, 0x20), minimalPdf()]))).toBeNull();
  });

  it('refuses spreadsheets, old .doc, macro documents, other ODF files, executables, HTML and images', async () => {
    expect(await detectDocumentType(await xlsx())).toBeNull();
    expect(await detectDocumentType(OLE_DOC)).toBeNull();
    expect(await detectDocumentType(EXE)).toBeNull();
    expect(await detectDocumentType(PNG)).toBeNull();
    expect(await detectDocumentType(HTML)).toBeNull();
    expect(await detectDocumentType(Buffer.alloc(0))).toBeNull();
    expect(await detectDocumentType(await odt({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet' }))).toBeNull();
    const docm = await JSZip.loadAsync(await docx());
    docm.file('word/vbaProject.bin', Buffer.alloc(100));
    expect(await detectDocumentType(await docm.generateAsync({ type: 'nodebuffer' }))).toBeNull();
    // a ZIP that is not an office document, and a broken ZIP
    const plain = new JSZip();
    plain.file('readme.txt', 'hello');
    expect(await detectDocumentType(await plain.generateAsync({ type: 'nodebuffer' }))).toBeNull();
    expect(await detectDocumentType(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]))).toBeNull();
  });

  it('does not unpack a big `mimetype` entry (a ZIP bomb posing as an ODT)', async () => {
    const zip = new JSZip();
    zip.file('mimetype', `application/vnd.oasis.opendocument.text${' '.repeat(30 * 1024 * 1024)}`);
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    expect(await detectDocumentType(bomb)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a ZIP with a huge number of entries before indexing it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', '<w:document/>');
    for (let i = 0; i < 5001; i++) zip.file(`x/${i}`, '');
    const crowded = await zip.generateAsync({ type: 'nodebuffer' });
    expect(await detectDocumentType(crowded)).toBeNull();
    // the same when the end record understates the count: the headers themselves are counted
    const end = crowded.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    crowded.writeUInt16LE(2, end + 8);
    crowded.writeUInt16LE(2, end + 10);
    expect(await detectDocumentType(crowded)).toBeNull();
  });
});

describe('checkDocument', () => {
  it('returns the type of a good document', async () => {
    await expect(checkDocument('Программа.pdf', minimalPdf())).resolves.toMatchObject({ extension: 'pdf' });
  });

  it('refuses an empty file, a too big one and one of another type with a Russian message naming it', async () => {
    const problem = async (name: string, data: Buffer, truncated = false) => {
      try {
        await checkDocument(name, data, { truncated });
      } catch (error) {
        expect(error).toBeInstanceOf(UploadError);
        return { problem: (error as UploadError).problem, message: (error as Error).message };
      }
      throw new Error('accepted');
    };
    expect(await problem('пусто.pdf', Buffer.alloc(0))).toEqual({
      problem: 'empty',
      message: expect.stringContaining('Файл „пусто.pdf“ пустой'),
    });
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(MAX_DOCUMENT_BYTES)]);
    expect(await problem('x.pdf', big)).toEqual({
      problem: 'too_big',
      message: expect.stringContaining('Файл „x.pdf“ больше 20 МБ'),
    });
    // exactly 20 MB is allowed; a file the parser cut is too big whatever its length
    const exact = Buffer.concat([minimalPdf(), Buffer.alloc(MAX_DOCUMENT_BYTES - minimalPdf().length)]);
    await expect(checkDocument('ровно.pdf', exact)).resolves.toMatchObject({ extension: 'pdf' });
    expect((await problem('x.pdf', minimalPdf(), true)).problem).toBe('too_big');
    expect(await problem('x.exe', EXE)).toEqual({
      problem: 'wrong_type',
      message: expect.stringContaining(
        'Файл „x.exe“ не похож на документ PDF, DOCX или ODT: загрузите документ в одном из этих форматов',
      ),
    });
    expect((await problem('таблица.xlsx', await xlsx())).problem).toBe('wrong_type');
    expect((await problem('старый.doc', OLE_DOC)).problem).toBe('wrong_type');
    // the name in the message is cleaned too
    expect((await problem('C:\\fakepath\\\u202Egpj.exe', EXE)).message).toContain('„gpj.exe“');
  });
});

describe('safeFileName', () => {
  it('drops folders, control and invisible characters, keeps Cyrillic', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\fakepath\\Отчёт.pdf')).toBe('Отчёт.pdf');
    expect(safeFileName('От\u0000чёт\r\n о работе\t.pdf')).toBe('Отчёт о работе.pdf');
    expect(safeFileName('\u202Efdp.exe')).toBe('fdp.exe');
    expect(safeFileName('a<b>c:d"e|f?g*.pdf')).toBe('a_b_c_d_e_f_g_.pdf');
    expect(safeFileName('..')).toBe('документ');
    expect(safeFileName('   ')).toBe('документ');
    // NFD (as macOS sends «й») becomes NFC
    expect(safeFileName('Отчёт.pdf'.normalize('NFD'))).toBe('Отчёт.pdf');
  });

  it('ends with the detected extension', () => {
    expect(safeFileName('Отчёт.PDF', 'pdf')).toBe('Отчёт.pdf');
    expect(safeFileName('отчёт.doc', 'docx')).toBe('отчёт.docx');
    expect(safeFileName('программа', 'odt')).toBe('программа.odt');
    expect(safeFileName('x.exe', 'pdf')).toBe('x.exe.pdf');
    expect(safeFileName('Протокол 1.2', 'pdf')).toBe('Протокол 1.2.pdf');
    expect(safeFileName('../.pdf', 'pdf')).toBe('pdf.pdf');
    expect(safeFileName('', 'pdf')).toBe('документ.pdf');
  });

  it('keeps at most 150 characters, the extension included', () => {
    const long = `${'Программа наставничества '.repeat(20)}.docx`;
    const name = safeFileName(long, 'docx');
    expect([...name].length).toBeLessThanOrEqual(150);
    expect(name.endsWith('.docx')).toBe(true);
    expect(name.startsWith('Программа наставничества')).toBe(true);
    expect(name).not.toMatch(/\s\.docx$/);
  });
});

describe('formatFileSize and DOCUMENT_ACCEPT', () => {
  it('formats sizes in Russian units', () => {
    expect(formatFileSize(500)).toBe('500 Б');
    expect(formatFileSize(1536)).toBe('1,5 КБ');
    expect(formatFileSize(MAX_DOCUMENT_BYTES)).toBe('20 МБ');
  });

  it('lists the extensions and types for the file picker', () => {
    expect(DOCUMENT_ACCEPT).toContain('.pdf');
    expect(DOCUMENT_ACCEPT).toContain('.docx');
    expect(DOCUMENT_ACCEPT).toContain('application/vnd.oasis.opendocument.text');
  });
});

describe('FileStore', () => {
  let root: string;
  let store: FileStore;
  beforeAll(async () => {
    root = path.join(await mkdtemp(path.join(tmpdir(), 'nastavnik-store-')), 'files');
    store = new FileStore(root);
  });
  afterAll(async () => {
    await rm(path.dirname(root), { recursive: true, force: true });
  });

  it('saves, opens, reads and removes a file under a random key', async () => {
    const data = minimalPdf();
    const saved = await store.save(data);
    expect(saved.key).toMatch(/^[0-9a-f]{32}$/);
    expect(saved.size).toBe(data.length);
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);

    const file = path.join(root, saved.key.slice(0, 2), saved.key);
    expect(await readFile(file)).toEqual(data);
    if (process.platform !== 'win32') {
      expect((await stat(root)).mode & 0o777).toBe(0o700);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    // no temporary file left beside it
    expect(await readdir(path.dirname(file))).toEqual([saved.key]);

    const opened = await store.open(saved.key);
    expect(opened.size).toBe(data.length);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(data);
    expect(await store.read(saved.key)).toEqual(data);

    await store.remove(saved.key);
    await expect(store.open(saved.key)).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(store.remove(saved.key)).resolves.toBeUndefined();

    const other = await store.save(data);
    expect(other.key).not.toBe(saved.key);
    expect(other.sha256).toBe(saved.sha256);
  });

  it('refuses keys that are not 32 hex digits, so nothing outside the root is reached', async () => {
    for (const key of [
      '../x',
      'abc/..',
      '../../etc/passwd',
      '',
      'ABCDEF0123456789ABCDEF0123456789',
      `${'a'.repeat(31)}/`,
      `${'a'.repeat(32)}\0`,
    ]) {
      await expect(store.open(key), key).rejects.toThrow(/Invalid storage key/);
      await expect(store.remove(key), key).rejects.toThrow(/Invalid storage key/);
    }
    await expect(store.open('0'.repeat(32))).rejects.toBeInstanceOf(FileNotFoundError);
  });
});

describe('detectImageType and checkDocument with images', () => {
  const pngHead = (width: number, height: number) => {
    const bytes = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(bytes);
    bytes.write('IHDR', 12, 'latin1');
    bytes.writeUInt32BE(width, 16);
    bytes.writeUInt32BE(height, 20);
    return bytes;
  };
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 2, 0xff, 0xd9]);

  it('knows a JPEG by its start and end, a PNG by its signature and a sane IHDR', () => {
    expect(detectImageType(jpeg)?.mediaType).toBe('image/jpeg');
    expect(detectImageType(jpeg.subarray(0, 6))).toBeNull();
    expect(detectImageType(pngHead(640, 480))?.mediaType).toBe('image/png');
    expect(detectImageType(pngHead(10_001, 480))).toBeNull();
    expect(detectImageType(pngHead(640, 0))).toBeNull();
    expect(detectImageType(Buffer.from('GIF89a................................'))).toBeNull();
    expect(detectImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('takes pictures only when asked to, and at most 10 MB of them', async () => {
    await expect(checkDocument('a.png', pngHead(1, 1))).rejects.toMatchObject({ problem: 'wrong_type' });
    expect((await checkDocument('a.png', pngHead(1, 1), { images: true })).mediaType).toBe('image/png');
    const big = Buffer.concat([pngHead(1, 1), Buffer.alloc(10 * 1024 * 1024)]);
    await expect(checkDocument('a.png', big, { images: true })).rejects.toMatchObject({ problem: 'image_too_big' });
    await expect(checkDocument('a.txt', Buffer.from('text'), { images: true })).rejects.toMatchObject({
      problem: 'wrong_type_or_image',
    });
  });
});
