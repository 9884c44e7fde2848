// Prints the licence of every npm package that esbuild put into the bundle (from its metafile), as the package
// ships it. A package that ships no licence file gets the one of the same repository (a monorepo's packages), or,
// for an MIT package, the MIT text with the author its package.json names; anything else fails the build.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const meta = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dirs = new Map();
for (const input of Object.keys(meta.inputs)) {
  const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) {
    dirs.set(match[2], match[1] + match[2]);
  }
}

const repositoryOf = (manifest) => {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url ?? '';
  return url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git:/, 'https:').toLowerCase();
};
const authorOf = (manifest) => typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;

const packages = [...dirs].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(f));
  return { name, manifest, text: file ? readFileSync(join(dir, file), 'utf8').trim() : undefined };
});
const byRepository = new Map(packages.filter((p) => p.text).map((p) => [repositoryOf(p.manifest), p]));
// React's repository moved; react-compiler-runtime still names the old address.
byRepository.set('https://github.com/facebook/react', packages.find((p) => p.name === 'react'));

const mit = (holder) => `Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;

const missing = [];
const sections = packages.map(({ name, manifest, text }) => {
  let body = text;
  if (!body) {
    const sibling = byRepository.get(repositoryOf(manifest));
    if (sibling) {
      body = `(No licence file in this package; that of ${sibling.name}, from the same repository:)\n\n${sibling.text}`;
    } else if (manifest.license === 'MIT' && authorOf(manifest)) {
      body = `(No licence file in this package; its package.json declares MIT, by ${authorOf(manifest)}:)\n\n${mit(authorOf(manifest))}`;
    } else {
      missing.push(`${name}@${manifest.version} (${manifest.license ?? 'no licence field'})`);
    }
  }
  const title = `${name}@${manifest.version} (${manifest.license ?? 'see below'})`;
  return `${'='.repeat(78)}\n${title}\n${'='.repeat(78)}\n\n${body}\n`;
});

if (missing.length > 0) {
  console.error(`No licence text found for: ${missing.join(', ')}`);
  process.exit(1);
}

console.log('The GraphQL IDE (graphiql.js, graphiql.css) is built from these packages, under these licences.\n');
console.log(sections.join('\n'));
