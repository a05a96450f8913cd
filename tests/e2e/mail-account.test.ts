import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { type DemoServer, describeBrowser, launchBrowser, login, startDemoServer, submitAndWait } from '../helpers/browser.js';
import { linkTo, startSmtp, type TestSmtp } from '../helpers/smtp.js';

/** Screenshots of the journey (git-ignored). */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../screenshots');

describeBrowser(
  'a person gives an e-mail address, confirms it from the mail and chooses a daily digest (without JavaScript)',
  () => {
    let browser: Browser;
    let server: DemoServer;
    let smtp: TestSmtp;

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      smtp = await startSmtp();
      [browser, server] = await Promise.all([launchBrowser(), startDemoServer({ SMTP_URL: smtp.url })]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await smtp?.close();
    });

    async function newPage(width: number): Promise<Page> {
      // The forms are plain HTML: the journey runs with JavaScript off.
      const context = await browser.newContext({ locale: 'ru-RU', viewport: { width, height: 900 }, javaScriptEnabled: false });
      context.setDefaultTimeout(10_000);
      return context.newPage();
    }

    it('the demo mentee sets the address, follows the link signed out, confirms it, then saves its mail settings', async () => {
      const page = await newPage(375);
      await login(page, server.baseUrl, 'mentee', DEMO_PASSWORD);
      await page.goto(`${server.baseUrl}/account`);
      await page.getByLabel('Адрес электронной почты').fill('K.Belov@Inbox.Example.RU');
      await submitAndWait(page, page.getByRole('button', { name: 'Сохранить и отправить ссылку' }));
      await page.getByText('На адрес K.Belov@inbox.example.ru отправлено письмо со ссылкой').waitFor();
      await page.getByText(/не подтверждён — письмо со ссылкой отправлено/).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'mail-account-sent-375.png'), fullPage: true });

      expect(smtp.mails).toHaveLength(1);
      const link = linkTo(smtp.mails[0]!.text, '/account/email/confirm/');
      expect(link).not.toBeNull();

      // Opened from the mail in another browser, signed out.
      const mailbox = await newPage(1366);
      await mailbox.goto(`${server.baseUrl}${link}`);
      await mailbox.getByRole('heading', { level: 1, name: 'Подтвердите адрес K.Belov@inbox.example.ru' }).waitFor();
      await submitAndWait(mailbox, mailbox.getByRole('button', { name: 'Подтвердить адрес' }));
      await mailbox.getByText('Адрес K.Belov@inbox.example.ru подтверждён').waitFor();
      expect(new URL(mailbox.url()).pathname).toBe('/login');
      await mailbox.goto(`${server.baseUrl}${link}`);
      await mailbox.getByRole('heading', { level: 1, name: 'Ссылка уже использована' }).waitFor();
      await mailbox.context().close();

      await page.goto(`${server.baseUrl}/account`);
      await page.getByText(/подтверждён \d\d\.\d\d\.\d{4}/).waitFor();
      await submitAndWait(page, page.getByRole('link', { name: 'Настройки уведомлений по электронной почте' }));
      await page.getByText('Письма приходят на адрес K.Belov@inbox.example.ru').waitFor();
      await page.getByRole('radio', { name: 'Раз в день сводкой' }).check();
      await page.getByRole('checkbox', { name: /по электронной почте Отчёт принят/ }).uncheck();
      await submitAndWait(page, page.getByRole('button', { name: 'Сохранить настройки' }));
      await page.getByText('Настройки писем сохранены.').waitFor();
      expect(await page.getByRole('radio', { name: 'Раз в день сводкой' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: /по электронной почте Отчёт принят/ }).isChecked()).toBe(false);
      expect(await page.getByRole('checkbox', { name: /по электронной почте Отчёт ждёт утверждения/ }).isChecked()).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'mail-account-settings-375.png'), fullPage: true });
      await page.context().close();
    });
  },
);
