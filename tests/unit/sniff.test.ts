import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { byteOrderMark, oldOfficeKind, sniff } from '../../src/lib/sniff.js';

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

describe('sniff', () => {
  it('tells a file by its first bytes, whatever it is called', async () => {
    const zip = await new JSZip().file('xl/workbook.xml', '<workbook/>').generateAsync({ type: 'nodebuffer' });
    const emptyZip = await new JSZip().generateAsync({ type: 'nodebuffer' });
    const cases: Array<[Buffer, string]> = [
      [zip, 'zip'],
      [emptyZip, 'zip'],
      [Buffer.concat([OLE, Buffer.alloc(504)]), 'ole'],
      [Buffer.from('%PDF-1.7\n'), 'pdf'],
      [Buffer.from('{\\rtf1\\ansi тест}'), 'rtf'],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image'],
      [Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'archive'],
      [Buffer.from('Rar!\u001a\u0007'), 'archive'],
      [Buffer.from('Фамилия;Имя\nИванов;Иван\n'), 'text'],
      [Buffer.from('\ufeffФамилия;Имя\n'), 'text'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Фамилия\tИмя', 'utf16le')]), 'text'],
      [Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'binary'],
      [Buffer.alloc(0), 'text'],
    ];
    for (const [data, kind] of cases) expect(sniff(data), kind).toBe(kind);
  });

  it('finds a PDF header within the first 1024 bytes, as PDF readers do, and not after them', () => {
    expect(sniff(Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-1.4\n')]))).toBe('pdf');
    expect(sniff(Buffer.concat([Buffer.alloc(1100, 0x20), Buffer.from('%PDF-1.4\n')]))).toBe('text');
  });

  it('names the byte order mark of a text', () => {
    expect(byteOrderMark(Buffer.from('\ufeffА'))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(byteOrderMark(Buffer.from([0xfe, 0xff, 0x04, 0x10]))).toEqual({ encoding: 'utf-16be', length: 2 });
    expect(byteOrderMark(Buffer.from('А'))).toBeNull();
  });
});

describe('oldOfficeKind', () => {
  it('tells an encrypted Office file, an old Word document and an old Excel workbook by their streams', () => {
    const ole = (stream: string) => Buffer.concat([OLE, Buffer.alloc(504), Buffer.from(stream, 'utf16le')]);
    expect(oldOfficeKind(ole('EncryptedPackage'))).toBe('encrypted');
    expect(oldOfficeKind(ole('WordDocument'))).toBe('word');
    expect(oldOfficeKind(ole('Workbook'))).toBe('excel');
    expect(oldOfficeKind(ole('Book'))).toBe('excel');
    expect(oldOfficeKind(ole('PowerPoint Document'))).toBe('unknown');
  });
});
