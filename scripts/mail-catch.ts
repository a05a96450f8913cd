/**
 * `npm run mail:catch [-- --port 2525]`: a local SMTP server that accepts every mail and prints it
 * (the envelope, the subject, the unsubscribe header and the text part) instead of delivering it.
 * Start the portal beside it with `SMTP_URL=smtp://127.0.0.1:2525 npm start` to read what the portal
 * mails (README «E-mail»). Nothing leaves the machine; Ctrl+C stops it.
 */

import { startSmtp } from '../tests/helpers/smtp.js';

const at = process.argv.indexOf('--port');
const port = at >= 0 ? Number(process.argv[at + 1]) : 2525;
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`mail:catch: --port must be a number from 1 to 65535 (got ${process.argv[at + 1]})`);
  process.exit(2);
}

const smtp = await startSmtp({
  port,
  onMail(mail) {
    const line = '-'.repeat(72);
    const unsubscribe = mail.headers.get('list-unsubscribe');
    console.log(
      [
        line,
        `From:    ${mail.from}`,
        `To:      ${mail.to.join(', ')}`,
        `Subject: ${mail.subject}`,
        ...(unsubscribe ? [`List-Unsubscribe: ${unsubscribe}`] : []),
        '',
        mail.text.trimEnd(),
        line,
      ].join('\n'),
    );
  },
});
console.log(`mail:catch: listening on ${smtp.url}; start the portal with SMTP_URL=${smtp.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void smtp.close().then(() => process.exit(0));
  });
}
