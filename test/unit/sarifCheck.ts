// A structural checker for SARIF 2.1.0 logs: the required properties and value types of the
// objects the linter writes, plus what code scanning services need to show an alert.

type Json = Record<string, unknown>;

const LEVELS = ['none', 'note', 'warning', 'error'];

class Problems {
  readonly list: string[] = [];

  need(condition: boolean, where: string, what: string): boolean {
    if (!condition) this.list.push(`${where}: ${what}`);
    return condition;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1;
}

function checkMessage(value: unknown, where: string, problems: Problems): void {
  if (!problems.need(isObject(value), where, 'expected a message object')) return;
  const message = value as Json;
  problems.need(
    typeof message.text === 'string' && message.text !== '',
    `${where}.text`,
    'expected non-empty text',
  );
}

function checkMultiformat(value: unknown, where: string, problems: Problems): void {
  if (value === undefined) return;
  if (!problems.need(isObject(value), where, 'expected an object')) return;
  const text = (value as Json).text;
  problems.need(
    typeof text === 'string' && text !== '',
    `${where}.text`,
    'expected non-empty text',
  );
  const markdown = (value as Json).markdown;
  problems.need(
    markdown === undefined || typeof markdown === 'string',
    `${where}.markdown`,
    'expected a string',
  );
}

function checkUri(value: unknown, where: string, problems: Problems): void {
  if (!problems.need(typeof value === 'string' && value !== '', where, 'expected a URI string'))
    return;
  const uri = value as string;
  problems.need(!uri.includes('\\') && !/\s/.test(uri), where, `not a valid URI reference: ${uri}`);
}

function checkRule(rule: unknown, where: string, problems: Problems): void {
  if (!problems.need(isObject(rule), where, 'expected a reportingDescriptor')) return;
  const r = rule as Json;
  problems.need(typeof r.id === 'string' && r.id !== '', `${where}.id`, 'expected an id');
  checkMultiformat(r.shortDescription, `${where}.shortDescription`, problems);
  checkMultiformat(r.fullDescription, `${where}.fullDescription`, problems);
  checkMultiformat(r.help, `${where}.help`, problems);
  if (r.helpUri !== undefined) {
    problems.need(
      typeof r.helpUri === 'string' && /^[a-z]+:\/\//.test(r.helpUri),
      `${where}.helpUri`,
      'expected an absolute URI',
    );
  }
  const level = (r.defaultConfiguration as Json | undefined)?.level;
  problems.need(
    level === undefined || LEVELS.includes(level as string),
    `${where}.defaultConfiguration.level`,
    `expected one of ${LEVELS.join(', ')}`,
  );
}

function checkRegion(value: unknown, where: string, problems: Problems): void {
  if (!problems.need(isObject(value), where, 'expected a region')) return;
  const region = value as Json;
  problems.need(
    isPositiveInteger(region.startLine),
    `${where}.startLine`,
    'expected an integer >= 1',
  );
  for (const key of ['startColumn', 'endLine', 'endColumn']) {
    problems.need(
      region[key] === undefined || isPositiveInteger(region[key]),
      `${where}.${key}`,
      'expected an integer >= 1',
    );
  }
  if (isPositiveInteger(region.endLine)) {
    problems.need(
      (region.endLine as number) >= (region.startLine as number),
      `${where}.endLine`,
      'ends before it starts',
    );
  }
}

function checkLocation(
  value: unknown,
  where: string,
  problems: Problems,
  needRegion: boolean,
): void {
  if (!problems.need(isObject(value), where, 'expected a location')) return;
  const physical = (value as Json).physicalLocation;
  if (!problems.need(isObject(physical), `${where}.physicalLocation`, 'expected an object')) return;
  const artifact = (physical as Json).artifactLocation;
  if (
    problems.need(
      isObject(artifact),
      `${where}.physicalLocation.artifactLocation`,
      'expected an object',
    )
  ) {
    checkUri((artifact as Json).uri, `${where}.physicalLocation.artifactLocation.uri`, problems);
    const base = (artifact as Json).uriBaseId;
    problems.need(
      base === undefined || typeof base === 'string',
      `${where}.physicalLocation.artifactLocation.uriBaseId`,
      'expected a string',
    );
  }
  if (needRegion || (physical as Json).region !== undefined) {
    checkRegion((physical as Json).region, `${where}.physicalLocation.region`, problems);
  }
}

function checkResult(value: unknown, where: string, rules: unknown[], problems: Problems): void {
  if (!problems.need(isObject(value), where, 'expected a result')) return;
  const result = value as Json;
  problems.need(typeof result.ruleId === 'string', `${where}.ruleId`, 'expected a rule id');
  checkMessage(result.message, `${where}.message`, problems);
  problems.need(
    result.level === undefined || LEVELS.includes(result.level as string),
    `${where}.level`,
    `expected one of ${LEVELS.join(', ')}`,
  );

  if (result.ruleIndex !== undefined) {
    const index = result.ruleIndex as number;
    const ok = Number.isInteger(index) && index >= 0 && index < rules.length;
    if (problems.need(ok, `${where}.ruleIndex`, 'expected an index into tool.driver.rules')) {
      problems.need(
        (rules[index] as Json).id === result.ruleId,
        `${where}.ruleIndex`,
        'points at a rule with another id',
      );
    }
  }

  const locations = result.locations;
  if (
    problems.need(
      Array.isArray(locations) && locations.length > 0,
      `${where}.locations`,
      'expected at least one location',
    )
  ) {
    (locations as unknown[]).forEach((l, i) =>
      checkLocation(l, `${where}.locations[${i}]`, problems, true),
    );
  }
  if (result.partialFingerprints !== undefined) {
    const prints = result.partialFingerprints;
    problems.need(
      isObject(prints) && Object.values(prints).every((v) => typeof v === 'string'),
      `${where}.partialFingerprints`,
      'expected an object of strings',
    );
  }
}

function checkRun(value: unknown, where: string, problems: Problems): void {
  if (!problems.need(isObject(value), where, 'expected a run')) return;
  const run = value as Json;
  const driver = (run.tool as Json | undefined)?.driver as Json | undefined;
  if (!problems.need(isObject(driver), `${where}.tool.driver`, 'expected a toolComponent')) return;
  problems.need(
    typeof driver!.name === 'string' && driver!.name !== '',
    `${where}.tool.driver.name`,
    'expected a name',
  );

  const rules = (driver!.rules ?? []) as unknown[];
  if (problems.need(Array.isArray(rules), `${where}.tool.driver.rules`, 'expected an array')) {
    rules.forEach((rule, i) => checkRule(rule, `${where}.tool.driver.rules[${i}]`, problems));
    const ids = rules.map((rule) => (rule as Json).id);
    problems.need(
      new Set(ids).size === ids.length,
      `${where}.tool.driver.rules`,
      'duplicate rule ids',
    );
  }

  if (
    run.artifacts !== undefined &&
    problems.need(Array.isArray(run.artifacts), `${where}.artifacts`, 'expected an array')
  ) {
    (run.artifacts as unknown[]).forEach((a, i) => {
      const location = isObject(a) ? (a as Json).location : undefined;
      if (
        problems.need(isObject(location), `${where}.artifacts[${i}].location`, 'expected an object')
      ) {
        checkUri((location as Json).uri, `${where}.artifacts[${i}].location.uri`, problems);
      }
    });
  }

  if (problems.need(Array.isArray(run.results), `${where}.results`, 'expected an array')) {
    (run.results as unknown[]).forEach((r, i) =>
      checkResult(r, `${where}.results[${i}]`, rules, problems),
    );
  }

  for (const [i, invocation] of ((run.invocations ?? []) as unknown[]).entries()) {
    const at = `${where}.invocations[${i}]`;
    if (!problems.need(isObject(invocation), at, 'expected an invocation')) continue;
    problems.need(
      typeof (invocation as Json).executionSuccessful === 'boolean',
      `${at}.executionSuccessful`,
      'expected a boolean',
    );
    const notes = ((invocation as Json).toolExecutionNotifications ?? []) as unknown[];
    notes.forEach((note, j) => {
      checkMessage(
        (note as Json).message,
        `${at}.toolExecutionNotifications[${j}].message`,
        problems,
      );
    });
  }

  const bases = run.originalUriBaseIds;
  if (
    bases !== undefined &&
    problems.need(isObject(bases), `${where}.originalUriBaseIds`, 'expected an object')
  ) {
    for (const [name, base] of Object.entries(bases as Json)) {
      const uri = (base as Json).uri;
      problems.need(
        typeof uri === 'string' && uri.endsWith('/'),
        `${where}.originalUriBaseIds.${name}.uri`,
        'expected a URI ending in /',
      );
    }
  }
}

/** Every structural problem of a SARIF 2.1.0 log; empty when it is sound. */
export function sarifProblems(log: unknown): string[] {
  const problems = new Problems();
  if (!problems.need(isObject(log), 'log', 'expected an object')) return problems.list;
  const root = log as Json;
  problems.need(root.version === '2.1.0', 'version', 'expected "2.1.0"');
  problems.need(
    typeof root.$schema === 'string' && /sarif.*2\.1\.0/.test(root.$schema),
    '$schema',
    'expected the SARIF 2.1.0 schema URI',
  );
  if (problems.need(Array.isArray(root.runs), 'runs', 'expected an array')) {
    (root.runs as unknown[]).forEach((run, i) => checkRun(run, `runs[${i}]`, problems));
  }
  return problems.list;
}
