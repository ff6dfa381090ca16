// npm run admin -- grant|withdraw <email or uid>: gives or takes the store's admin role on the
// emulators `npm start` runs (or those the usual environment variables name). Withdrawing takes
// effect at once for callables and rules alike (functions/src/admin/admin-role.ts).
import { getAuth } from 'firebase-admin/auth';
import { grantAdmin, withdrawAdmin } from '../functions/src/admin/admin-role.js';
import { bindAdminSdk } from '../functions/test/support/stack-client.js';
import { assertEmulatorsAnswer, emulatorTarget } from './emulator-target.js';

const USAGE = 'Usage: npm run admin -- grant|withdraw <email or uid>';
const [action, who] = process.argv.slice(2);
if ((action !== 'grant' && action !== 'withdraw') || !who) {
  console.error(USAGE);
  process.exit(2);
}

const target = emulatorTarget();
try {
  await assertEmulatorsAnswer(target);
  const auth = getAuth(bindAdminSdk(target));
  const user = who.includes('@') ? await auth.getUserByEmail(who) : await auth.getUser(who);
  if (action === 'grant') await grantAdmin(user.uid);
  else await withdrawAdmin(user.uid, 'npm run admin');
  console.log(`${action === 'grant' ? 'Granted' : 'Withdrew'} the admin role ${action === 'grant' ? 'to' : 'from'} ${user.email ?? user.uid} (project ${target.projectId}).`);
  process.exit(0);
} catch (e) {
  console.error(`${action} failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
