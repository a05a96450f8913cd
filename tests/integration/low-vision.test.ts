import { describe, expect, it } from 'vitest';
import { lowVisionClasses, parseLowVision } from '../../src/http/low-vision.js';
import { Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const htmlClass = (body: string) => /<html lang="ru"(?: class="([^"]*)")?>/.exec(body)?.[1] ?? '';
const hasLink = (body: string) =>
  /<a class="lv-switch-link" href="\/accessibility\?back=[^"]*">Версия для слабовидящих<\/a>/.test(body);

describe('the version for the visually impaired', () => {
  it('is offered on the login page, the error page and inside the portal, and points back to the page', async () => {
    const visitor = new Client(t.app);
    const login = await visitor.get('/login');
    expect(hasLink(login.body)).toBe(true);
    expect(login.body).toContain('href="/accessibility?back=%2Flogin"');
    const missing = await visitor.get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(hasLink(missing.body)).toBe(true);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const inside = await curator.get('/notifications?show=unread');
    expect(hasLink(inside.body)).toBe(true);
    expect(inside.body).toContain('href="/accessibility?back=%2Fnotifications%3Fshow%3Dunread"');
    // off: no classes, no extra stylesheet
    expect(htmlClass(inside.body)).toBe('');
    expect(inside.body).not.toContain('lowvision.css');
  });

  it('an anonymous visitor turns it on from the settings page; every page then has the classes and the panel', async () => {
    const visitor = new Client(t.app);
    const settings = await visitor.get('/accessibility?back=%2Flogin');
    expect(settings.statusCode).toBe(200);
    expect(textOf(settings.body)).toContain('Белый текст на чёрном фоне');
    const on = await visitor.post('/accessibility', {
      back: '/login',
      mode: 'on',
      size: '200',
      scheme: 'bw',
      spacing: 'wide',
      images: 'off',
    });
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe('/login');
    const cookie = on.cookies.find((c) => c.name === 'low_vision');
    expect(cookie?.value).toBe('200.bw.wide.off');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.path).toBe('/');

    const login = await visitor.get('/login');
    expect(htmlClass(login.body)).toBe('lv lv-size-200 lv-scheme-bw lv-space-wide lv-noimg');
    expect(login.body).toContain('/public/css/lowvision.css');
    expect(textOf(login.body)).toContain('Обычная версия');
    expect(hasLink(login.body)).toBe(false);
    const missing = await visitor.get('/no-such-page');
    expect(htmlClass(missing.body)).toContain('lv-scheme-bw');
  });

  it('a panel button changes one setting and keeps the others; «Обычная версия» turns it off', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.post('/accessibility', {
      back: '/pairs',
      mode: 'on',
      size: '150',
      scheme: 'blue',
      spacing: 'normal',
      images: 'on',
    });
    const pairs = await curator.get('/pairs');
    expect(htmlClass(pairs.body)).toBe('lv lv-size-150 lv-scheme-blue lv-space-normal');
    expect(pairs.body).toMatch(/name="scheme" value="blue" class="[^"]*" aria-pressed="true"/);
    expect(pairs.body).toContain('<input type="hidden" name="back" value="/pairs">');

    const bigger = await curator.post('/accessibility', { back: '/pairs', size: '200' });
    expect(bigger.headers.location).toBe('/pairs');
    expect(htmlClass((await curator.get('/pairs')).body)).toBe('lv lv-size-200 lv-scheme-blue lv-space-normal');

    const off = await curator.post('/accessibility', { back: '/pairs', mode: 'off' });
    expect(off.headers.location).toBe('/pairs');
    expect(curator.cookies.has('low_vision')).toBe(false);
    const normal = await curator.get('/pairs');
    expect(htmlClass(normal.body)).toBe('');
    expect(hasLink(normal.body)).toBe(true);
  });

  it('refuses a value not offered, naming the field, and keeps the cookie as it was', async () => {
    const visitor = new Client(t.app);
    await visitor.post('/accessibility', { back: '/', mode: 'on', scheme: 'bw' });
    const bad = await visitor.post('/accessibility', { back: '/', size: '300', scheme: 'pink' });
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('Размер шрифта: Выберите размер шрифта из предложенных');
    expect(text).toContain('Цветовая схема: Выберите цветовую схему из предложенных');
    expect(bad.cookies.find((c) => c.name === 'low_vision')).toBeUndefined();
    expect(visitor.cookies.get('low_vision')).toBe('150.bw.normal.on');
  });

  it('reads only the offered values from the cookie: an unknown part falls back to its default', async () => {
    expect(parseLowVision('200.bw.wider.off')).toEqual({ size: '200', scheme: 'bw', spacing: 'wider', images: 'off' });
    expect(parseLowVision('999.bw.x"><script>.off')).toEqual({ size: '150', scheme: 'bw', spacing: 'normal', images: 'off' });
    expect(parseLowVision(undefined)).toBeNull();
    expect(parseLowVision('on')).toBeNull();
    expect(parseLowVision('a.b.c.d.e')).toBeNull();
    expect(lowVisionClasses(null)).toBe('');

    const page = await t.app.inject({
      method: 'GET',
      url: '/login',
      headers: { cookie: 'low_vision=200.%22%3E%3Cscript%3E.wide.on' },
    });
    expect(htmlClass(page.body)).toBe('lv lv-size-200 lv-scheme-wb lv-space-wide');
    expect(page.body).not.toContain('"><script>');
    const junk = await t.app.inject({ method: 'GET', url: '/login', headers: { cookie: 'low_vision=yes' } });
    expect(htmlClass(junk.body)).toBe('');
  });

  it('never sends the visitor to another site', async () => {
    const cases: Array<[string, string]> = [
      ['//evil.example/', '/'],
      ['https://evil.example/', '/'],
      ['/\\evil.example', '/'],
      ['/\t/evil.example', '/'],
      ['javascript:alert(1)', '/'],
      ['/pairs?page=2', '/pairs?page=2'],
    ];
    for (const [back, location] of cases) {
      const visitor = new Client(t.app);
      const response = await visitor.post('/accessibility', { back, mode: 'on' });
      expect(response.headers.location, back).toBe(location);
    }
    const settings = await new Client(t.app).get('/accessibility?back=%2F%2Fevil.example');
    expect(settings.body).toContain('<input type="hidden" name="back" value="/">');
    expect(settings.body).not.toContain('evil.example');
  });

  it('needs the form token, for anonymous visitors too', async () => {
    const visitor = new Client(t.app);
    const response = await visitor.post('/accessibility', { _csrf: 'forged', mode: 'on', scheme: 'bw' });
    expect(response.statusCode).toBe(403);
    expect(response.cookies.find((c) => c.name === 'low_vision')).toBeUndefined();
  });
});
