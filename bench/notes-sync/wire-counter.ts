import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

export interface WireCount {
  /** Bytes the browser sent: request lines, headers and bodies, as they crossed the socket. */
  sent: number;
  /** Bytes the server answered, the same way (compressed bodies count compressed). */
  received: number;
  connections: number;
}

export interface WireCounter {
  url: string;
  /** The count since the last `reset`. */
  read(): WireCount;
  reset(): void;
  close(): Promise<void>;
}

/*
 * A TCP relay in front of a server: whatever HTTP does, every byte either way crosses it once,
 * so both stacks are counted by the same ruler (TLS and TCP/IP framing excluded).
 */
export async function countingRelay(target: { host: string; port: number }): Promise<WireCounter> {
  let count: WireCount = { sent: 0, received: 0, connections: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    count.connections++;
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      count.sent += chunk.length;
    });
    upstream.on('data', (chunk: Buffer) => {
      count.received += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    read: () => ({ ...count }),
    reset: () => {
      count = { sent: 0, received: 0, connections: 0 };
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
