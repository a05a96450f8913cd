import { describe, expect, it } from 'vitest';
import { concernsSchools, responsibleLinks } from '../../src/modules/roadmaps/responsible.js';

describe('responsibleLinks', () => {
  it.each([
    // Every «Ответственные» of the district roadmap, typos included.
    ['Управление образования, МКУ «ИМЦОУ»', ['department', 'method_center']],
    ['МКУ «ИМЦОУ», ОУ', ['method_center', 'schools']],
    ['ОУ', ['schools']],
    ['МКУ ИМЦОУ», ОУ', ['method_center', 'schools']],
    ['МКУ «ИМЦОУ»', ['method_center']],
    ['МКУ ИМПЦОУ», ОУ', ['method_center', 'schools']],
    // Other ways of writing it.
    ['КИМЦ, кураторы ОО', ['method_center', 'schools', 'curators']],
    ['руководители ОУ', ['schools', 'school_heads']],
    ['Директор школы, наставники', ['schools', 'school_heads', 'mentors']],
    ['образовательные организации, предприятия-партнёры', ['schools', 'partners']],
    ['отдел образования администрации', ['department']],
  ])('«%s» → %j', (text, links) => {
    expect(responsibleLinks(text)).toEqual(links);
  });

  it('links nothing for names of people, an empty cell, or letters inside a word', () => {
    expect(responsibleLinks('Гармаева Б.Б. Тумурова Н.В.')).toEqual([]);
    expect(responsibleLinks(null)).toEqual([]);
    expect(responsibleLinks('')).toEqual([]);
    // «ОУ» inside «ИМЦОУ», «УО» inside a word, «ООО» of a company are not schools or the department.
    expect(responsibleLinks('ИМЦОУ')).toEqual(['method_center']);
    expect(responsibleLinks('ООО «Ромашка»')).toEqual([]);
    expect(responsibleLinks('Суоярви')).toEqual([]);
    // A deputy director is not the head (the seeded template names one).
    expect(responsibleLinks('заместитель директора по УВР')).toEqual([]);
  });

  it('tells when a municipal item is the schools’ business', () => {
    expect(concernsSchools(responsibleLinks('МКУ «ИМЦОУ», ОУ'))).toBe(true);
    expect(concernsSchools(responsibleLinks('Управление образования, МКУ «ИМЦОУ»'))).toBe(false);
  });
});
