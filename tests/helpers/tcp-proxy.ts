import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of a database server, for outage tests: `freeze()` stops every byte in both
 * directions while keeping the connections open (a server stopped with SIGSTOP, a hung network),
 * `thaw()` lets them flow again; `listen(port)` may come after clients already try that port
 * (a database that starts after the portal).
 */
export class TcpProxy {
  private frozen = false;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; held: Array<() => void> }>();
  private server: Server | null = null;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Starts listening on 127.0.0.1 (`port` 0: a free one) and gives the port. */
  listen(port = 0): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const pair of this.pairs) for (const release of pair.held.splice(0)) release();
  }

  /** Stops listening and cuts every connection. */
  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    const pair = { client, upstream, held: [] as Array<() => void> };
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (this.frozen) pair.held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
