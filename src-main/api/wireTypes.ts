/**
 * The types (and the strategy lists and the parameter table) that cross the contract inside requests, replies and run events, named
 * here so the renderer imports the contract alone and never reaches into core. Core defines each once; this file
 * only re-exports them.
 */
export { DEFAULT_MODELS } from "../core/models/defaultModels.js";
export { SWEEP_DEFAULTS } from "../core/experiments/sweepDefaults.js";
export type { SweepSummary } from "../core/experiments/summarizeSweep.js";
export { scalingSpec, scalingData, type ScalingSpecOptions } from "../core/experiments/scalingSpec.js";
export { SCALING_X, SCALING_X_AXES, type ScalingX } from "../core/experiments/scalingX.js";
export type { ModelEntry } from "../core/models/library/ModelEntry.js";
export type { BudgetCaps, BudgetField, Spent, StopReason } from "../core/search/BudgetCaps.js";
export type { SearchResult } from "../core/search/SearchResult.js";
export type { CandidateRow, CandidateTable } from "../core/search/candidateTable.js";
export { rolloutOnly, winnerScore, winnerScoreText } from "../core/search/candidateWords.js";
export { stopSentence } from "../core/search/stopSentence.js";
export {
  CAP_PARAMETERS,
  SAMPLING_DEFAULTS,
  SEARCH_PARAMETERS,
  parameterApplies,
  parameterHelpText,
  type SearchParameter,
  type SearchParameterName,
} from "../core/search/searchParameters.js";
export type { Sampling } from "../core/policy/Sampling.js";
export { SCORING_STRATEGIES, STRATEGY_NAMES, type StrategyName } from "../core/search/StrategyName.js";
export type { RunItem, RunKind, RunRecord, RunStatus } from "../core/store/RunRecord.js";
export { formatDuration, MAX_RUN_NAME, type RunOverview } from "../core/store/RunOverview.js";
export { filterRuns, type RunFilter } from "../core/store/filterRuns.js";
export type { ThoughtNode } from "../core/tree/ThoughtNode.js";
export type { TreeEvent } from "../core/tree/TreeEvent.js";
export type { TreeJson } from "../core/tree/TreeJson.js";
export type { ReadConfig, SavedRead } from "../core/memory/SavedRead.js";
export type { ChunkReport, ReadAnswer, BaselineAnswer } from "../core/memory/readDocument.js";
export type { RevisionResult, Revision } from "../core/memory/revisions.js";
export { initialMemory, describeSchema, type MemorySchema } from "../core/memory/schemaShape.js";
export { CHAT_DEFAULTS, type ChatChunk, type ChatTurnResult, type ReasoningFormat } from "../core/chat/ChatTurn.js";
export type { Conversation, ConversationRecord, SavedTurn } from "../core/store/ConversationStore.js";
export type { Program, Formula, Term, Verification } from "../core/logic/dsl.js";
export type { ProveAttempt, ProveResult } from "../core/logic/proveQuestion.js";
export type { VerificationVerdict, Z3Outcome } from "../core/logic/solveProgram.js";
export type { FirstOrderLogic, FolLine } from "../core/logic/toFirstOrderLogic.js";
export type { ProgramError } from "../core/logic/ProgramError.js";
export { formatProgramError } from "../core/logic/ProgramError.js";
export type { ProveConfig, SavedProve } from "../core/logic/SavedProve.js";
export { LOGIC_PARAMETERS, DEFAULT_PROVER_RETRIES, type LogicParameter } from "../core/logic/logicParameters.js";
export type { AnnotatedSolution, AnnotationMethod, HardLabel } from "../core/annotate/AnnotatedSolution.js";
export { ANNOTATION_PARAMETERS, type AnnotationParameter } from "../core/annotate/annotationParameters.js";
export {
  ANNOTATE_METHODS,
  TRAINING_EXPORT_FORMATS,
  annotatedSolutionSchema,
  annotateRequestSchema,
  type AnnotateRequest,
  type AnnotationView,
  type TrainingExportFormat,
} from "./annotation.js";
