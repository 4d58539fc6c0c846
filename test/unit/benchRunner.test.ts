// The runner benchmark's environments: the figure's leaves out only the variable that makes
// Node read a certificate bundle at start-up.
import * as assert from 'node:assert/strict';
import { withoutStartUpVariable } from '../../bench/runner';

describe('bench runner environment', () => {
  it('drops NODE_EXTRA_CA_CERTS and keeps the rest, leaving the caller its own', () => {
    const caller = { NODE_EXTRA_CA_CERTS: '/etc/ssl/bundle.pem', PATH: '/usr/bin', HOME: '/root' };

    const figure = withoutStartUpVariable(caller);

    assert.deepEqual(figure, { PATH: '/usr/bin', HOME: '/root' });
    assert.equal(caller.NODE_EXTRA_CA_CERTS, '/etc/ssl/bundle.pem');
  });
});
