// Starts a real `levers serve` on 127.0.0.1 (any free port) over the bundled
// guides (or the folder `guides`) imported into a temporary SQLite file, and
// stops it. Bounded: the server must print its address within 30 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startServer(levers, sourceDir, extraArgs = [],
                                  guides = join(sourceDir, 'data/guides')) {
  const dir = mkdtempSync(join(tmpdir(), 'levers-api-'));
  const db = `sqlite:${join(dir, 'levers.db')}`;
  const imp = spawnSync(levers, ['import', guides, '--db', db],
                        { encoding: 'utf8', timeout: 60_000 });
  if (imp.status !== 0) throw new Error(`levers import failed: ${imp.stderr}`);
  const child = spawn(levers, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...extraArgs],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  // A test that dies on an exception still stops its server, which would
  // otherwise hold the test's stderr open until ctest's timeout.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  child.on('exit', () => process.off('exit', killOnExit));
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('levers serve printed no address')), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`levers serve exited ${code}`)); });
  });
  return {
    base,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}
