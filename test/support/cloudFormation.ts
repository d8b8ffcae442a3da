/** The intrinsics evaluator and dependency graph of the packaged template (deploy/cloudFormation.ts). */
export * from "../../deploy/cloudFormation";
