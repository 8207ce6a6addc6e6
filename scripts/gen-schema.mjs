// placeholder until the schema generator lands
import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(new URL('../src/api/generated/', import.meta.url), { recursive: true });
writeFileSync(new URL('../src/api/generated/schema.json', import.meta.url), '{}\n');
