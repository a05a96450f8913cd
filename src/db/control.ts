/**
 * The running portal's maintenance door for the embedded database: a Unix socket in DATA_DIR
 * (`portal.sock`, mode 0600: only the portal's own system user can open it). `npm run backup` asks
 * through it for a backup while the portal runs, since no other process may open the database
 * folder. One JSON line in, one JSON line out.
 */
import { chmod, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import path from 'node:path';
import { type BackupManifest, writeBackup } from './backup.js';
import type { DatabaseHandle } from './index.js';

export interface ControlRequest {
  command: 'backup';
  /** Absolute path of the backup file to write. */
  file: string;
}

export type ControlResponse = { ok: true; manifest: BackupManifest } | { ok: false; error: string };

/** Unix socket paths are limited to about 107 bytes. */
const MAX_SOCKET_PATH = 100;
const MAX_LINE = 64 * 1024;

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, 'portal.sock');
}

export interface ControlLog {
  info(line: object, message: string): void;
  warn(line: object, message: string): void;
}

/** Opens the socket; null when the path is too long for one (then a backup needs the portal stopped). */
export async function startControlSocket(
  database: DatabaseHandle,
  dataDir: string,
  log: ControlLog,
): Promise<{ close(): Promise<void> } | null> {
  const socketPath = controlSocketPath(dataDir);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    log.warn({ socketPath }, 'DATA_DIR is too long a path for the control socket: npm run backup needs the portal stopped');
    return null;
  }
  await rm(socketPath, { force: true }); // left by a process that was killed
  let busy: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((connection) => {
    let input = '';
    connection.setEncoding('utf8');
    connection.on('error', () => {});
    connection.on('data', (chunk: string) => {
      input += chunk;
      if (input.length > MAX_LINE) connection.destroy();
      const end = input.indexOf('\n');
      if (end < 0) return;
      const line = input.slice(0, end);
      const answer = (response: ControlResponse) => connection.end(`${JSON.stringify(response)}\n`);
      let request: ControlRequest;
      try {
        request = JSON.parse(line) as ControlRequest;
      } catch {
        answer({ ok: false, error: 'malformed request' });
        return;
      }
      if (request.command !== 'backup' || typeof request.file !== 'string' || !path.isAbsolute(request.file)) {
        answer({ ok: false, error: 'unknown command' });
        return;
      }
      // One backup at a time.
      busy = busy.then(async () => {
        try {
          const manifest = await writeBackup(database, dataDir, request.file);
          log.info({ file: request.file, files: manifest.files }, 'backup written');
          answer({ ok: true, manifest });
        } catch (error) {
          answer({ ok: false, error: error instanceof Error ? error.message : String(error) });
        }
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o600);
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socketPath, { force: true });
    },
  };
}

/** Sends one request to the running portal; rejects when nothing answers on the socket. */
export function askPortal(dataDir: string, request: ControlRequest, timeoutMs = 10 * 60_000): Promise<ControlResponse> {
  return new Promise((resolve, reject) => {
    const connection = connect(controlSocketPath(dataDir));
    let output = '';
    const timer = setTimeout(() => {
      connection.destroy();
      reject(new Error('the portal did not answer in time'));
    }, timeoutMs);
    connection.setEncoding('utf8');
    connection.on('connect', () => connection.write(`${JSON.stringify(request)}\n`));
    connection.on('data', (chunk: string) => {
      output += chunk;
    });
    connection.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    connection.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(output.trim()) as ControlResponse);
      } catch {
        reject(new Error('the portal gave no answer'));
      }
    });
  });
}
