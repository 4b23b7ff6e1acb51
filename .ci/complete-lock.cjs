// npm 11 refuses `npm ci` when optional platform packages of rollup are missing from the lock, and
// the registry reachable here does not serve the non-Linux ones (404), so `npm install` leaves them
// out. This adds their lock entries (optional, with os/cpu/libc), which `npm ci` then skips on this
// platform. Run after every `npm install`:  node .ci/complete-lock.cjs && npm ci --dry-run
const fs = require('fs');
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const rollup = lock.packages['node_modules/rollup'];
const libcOf = (s) => (s.endsWith('-gnu') || s.endsWith('gnueabihf') ? 'glibc' : s.includes('musl') ? 'musl' : undefined);
let added = 0;
for (const [dep, version] of Object.entries(rollup.optionalDependencies)) {
  const key = `node_modules/${dep}`;
  if (lock.packages[key] || !dep.startsWith('@rollup/rollup-')) continue;
  const [os, cpu] = dep.slice('@rollup/rollup-'.length).split('-');
  const entry = { version, cpu: [cpu === 'arm' || cpu === 'ia32' ? cpu : cpu], dev: true };
  const libc = os === 'linux' ? libcOf(dep) : undefined;
  if (libc) entry.libc = [libc];
  Object.assign(entry, { license: 'MIT', optional: true, os: [os] });
  lock.packages[key] = entry;
  added++;
}
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} lock entries`);
