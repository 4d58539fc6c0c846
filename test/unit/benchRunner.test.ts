// The runner benchmark's environments: the figure's leaves out only the variable that makes
// Node read a certificate bundle at start-up.
import * as assert from 'node:assert/strict';
import { callerEnvironmentNote, withoutStartUpVariable, type RunnerOverhead } from '../../bench/runner';

describe('bench runner environment', () => {
  it('drops NODE_EXTRA_CA_CERTS and keeps the rest, leaving the caller its own', () => {
    const caller = { NODE_EXTRA_CA_CERTS: '/etc/ssl/bundle.pem', PATH: '/usr/bin', HOME: '/root' };

    const figure = withoutStartUpVariable(caller);

    assert.deepEqual(figure, { PATH: '/usr/bin', HOME: '/root' });
    assert.equal(caller.NODE_EXTRA_CA_CERTS, '/etc/ssl/bundle.pem');
  });

  it('notes under the table what the overhead is with the variable, when the caller set it', () => {
    const overhead = (value: string | null) =>
      ({ callerEnvironment: { overheadMs: 112.04, NODE_EXTRA_CA_CERTS: value } }) as RunnerOverhead;

    assert.equal(callerEnvironmentNote(overhead(null)), undefined);
    assert.match(
      callerEnvironmentNote(overhead('/etc/ssl/bundle.pem')) ?? '',
      /without NODE_EXTRA_CA_CERTS \(here \/etc\/ssl\/bundle\.pem\).* with it the overhead is 112\.0 ms\n$/,
    );
  });
});
