// tsc emits only the JSON files code imports; copy every other data file under src/**/data/ into dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function* dataDirectories(directory) {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'data') yield path;
    else yield* dataDirectories(path);
  }
}

for (const directory of dataDirectories('src')) {
  cpSync(directory, join('dist', relative('src', directory)), { recursive: true });
}
