// Entry point the editor calls with --extensionTestsPath: runs every *.test.js beside it with
// mocha's spec reporter, and copies the report to the launcher's channel folder when there is one.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { format } from 'util';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const grep = process.env.ML_PRACTICE_E2E_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  reportToChannel();

  for (const file of testFiles(__dirname)) {
    mocha.addFile(file);
  }

  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} real-editor test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(dir, name));
}

// The extension host's console does not reach the launcher's terminal, so the reporter's lines
// are also appended to a file the launcher follows.
function reportToChannel(): void {
  const channel = process.env.ML_PRACTICE_E2E_CHANNEL;
  if (!channel) {
    return;
  }
  const results = path.join(channel, 'results.log');
  const log = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    fs.appendFileSync(results, format(...args) + '\n');
    log(...args);
  };
}
