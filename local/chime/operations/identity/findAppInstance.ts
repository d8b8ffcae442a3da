import { ForbiddenError } from "../../errors";
import type { AppInstanceRow, AppInstanceUserRow, Store } from "../../../store/store";

// None of the identity Describe/Update/Delete operations model NotFoundException: a missing
// resource is a ForbiddenException, as the service folds "not visible" into 403. (An input that is
// not an ARN at all never gets here: validation refuses it first, 400.)

export function findAppInstance(store: Pick<Store, "getAppInstance">, arn: string): AppInstanceRow {
  const appInstance = store.getAppInstance(arn);
  if (!appInstance) throw new ForbiddenError("The app instance does not exist.");
  return appInstance;
}

export function findAppInstanceUser(store: Pick<Store, "getUser">, arn: string): AppInstanceUserRow {
  const user = store.getUser(arn);
  if (!user) throw new ForbiddenError("The app instance user does not exist.");
  return user;
}
