import { CreateAuditEvents1795300000000 } from './1795300000000-CreateAuditEvents';
import { CreateSigningKeys1795300001000 } from './1795300001000-CreateSigningKeys';
import { CreateUsersAndRoles1795300002000 } from './1795300002000-CreateUsersAndRoles';
import { CreateTokenTables1795300003000 } from './1795300003000-CreateTokenTables';
import { CreateClients1795300004000 } from './1795300004000-CreateClients';
import { CreateSubjectCutoffs1795300005000 } from './1795300005000-CreateSubjectCutoffs';
import { CreateLoginFailures1795300006000 } from './1795300006000-CreateLoginFailures';
import { CreateApis1795300007000 } from './1795300007000-CreateApis';
import { CreateMfa1795300008000 } from './1795300008000-CreateMfa';
import { CreateOidc1795300009000 } from './1795300009000-CreateOidc';
import { AuditAndUserPageIndexes1795300010000 } from './1795300010000-AuditAndUserPageIndexes';
import { CreateThrottleCounters1795300011000 } from './1795300011000-CreateThrottleCounters';
import { NotifyClientChanges1795300012000 } from './1795300012000-NotifyClientChanges';
import { RevocationWatermark1795300013000 } from './1795300013000-RevocationWatermark';
import { NotifyRoleChanges1795300014000 } from './1795300014000-NotifyRoleChanges';
import { ThrottleLeases1795300015000 } from './1795300015000-ThrottleLeases';

/**
 * Every migration, oldest first. Listed rather than globbed so the service, the CLI and the
 * tests (which run TypeScript directly) load exactly the same set.
 */
export const migrations = [
  CreateAuditEvents1795300000000,
  CreateSigningKeys1795300001000,
  CreateUsersAndRoles1795300002000,
  CreateTokenTables1795300003000,
  CreateClients1795300004000,
  CreateSubjectCutoffs1795300005000,
  CreateLoginFailures1795300006000,
  CreateApis1795300007000,
  CreateMfa1795300008000,
  CreateOidc1795300009000,
  AuditAndUserPageIndexes1795300010000,
  CreateThrottleCounters1795300011000,
  NotifyClientChanges1795300012000,
  RevocationWatermark1795300013000,
  NotifyRoleChanges1795300014000,
  ThrottleLeases1795300015000,
];
