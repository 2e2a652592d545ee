// `npm start`: open the store (with the demo company on first run) and serve HTTP.
import { AppStartError, openApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createHttpServer } from './server.ts';

const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(`Configuration error: ${loaded.problem}\n`);
  process.exit(2);
}
const { config } = loaded;

try {
  const app = await openApp({ dataFile: config.dataFile, demo: config.demo });
  const server = createHttpServer(app);
  server.on('error', (e) => {
    process.stderr.write(`Cannot listen on ${config.host}:${config.port}: ${e.message}\n`);
    void app.close().then(() => process.exit(1));
  });
  server.listen(config.port, config.host, () => {
    process.stdout.write(
      `Portal bot listening on http://${config.host}:${config.port} (health: /healthz), store ${config.dataFile}\n`,
    );
  });
  const stop = () => {
    server.close();
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof AppStartError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
