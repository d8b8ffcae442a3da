import { ForbiddenError } from "../../errors";
import type { AppInstanceRow, AppInstanceUserRow, Store } from "../../../store/store";
import { checkArn } from "../../validate";

// None of the identity Describe/Update/Delete operations model NotFoundException: a missing
// resource is a ForbiddenException, as the service folds "not visible" into 403. An input that is
// not an ARN at all (the model's ChimeArn) is a BadRequestException first.

export function findAppInstance(store: Pick<Store, "getAppInstance">, arn: string): AppInstanceRow {
  checkArn("appInstanceArn", arn);
  const appInstance = store.getAppInstance(arn);
  if (!appInstance) throw new ForbiddenError("The app instance does not exist.");
  return appInstance;
}

export function findAppInstanceUser(store: Pick<Store, "getUser">, arn: string): AppInstanceUserRow {
  checkArn("appInstanceUserArn", arn);
  const user = store.getUser(arn);
  if (!user) throw new ForbiddenError("The app instance user does not exist.");
  return user;
}
