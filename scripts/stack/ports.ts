/** Port choice for the stack: a preferred stable port when it is free, else any free loopback port. */
import net from "node:net";

const LOOPBACK = "127.0.0.1";

function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(null));
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      const chosen = typeof address === "object" && address !== null ? address.port : null;
      server.close(() => resolve(chosen));
    });
  });
}

/** Returns `preferred` when it is free on 127.0.0.1, else a port the OS picks. */
export async function choosePort(preferred: number | undefined): Promise<number> {
  if (preferred !== undefined) {
    const port = await tryListen(preferred);
    if (port !== null) return port;
  }
  const any = await tryListen(0);
  if (any === null) throw new Error("no free TCP port on 127.0.0.1");
  return any;
}
