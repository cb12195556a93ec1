// Public shapes of the routing engine. Results are plain JSON (no Maps, no nested
// arrays, no '.' or '$' in keys) so they can be stored on a case document as they are.

/** One company request to route. */
export interface RoutingRequest {
  title: string;
  description: string;
  industry?: string;
  /** One of the catalogue's FIELDS (기초소재 … 시스템·장비). */
  field?: string;
  /** Needed support types, named as in the catalogue's services list. */
  supportTypes?: string[];
  /** Desired equipment, free text. */
  equipment?: string;
  /** Company region (시·도), e.g. '경기'. */
  region?: string;
  /** 공급망 안정화 품목: routed with more weight on free capacity. */
  supplyChainItem?: boolean;
}

/** A researcher profile, indexed like a catalogue entry of its institute. */
export interface ResearcherProfile {
  institute: string;
  name: string;
  keywords: string[];
}

export type InstituteStatus = 'active' | 'paused' | 'full';

export interface InstituteSignal {
  /** Open (unfinished) cases currently assigned to the institute. */
  openLoad: number;
  capacity?: number;
  status: InstituteStatus;
}

export type FeedbackKind = 'override_to' | 'override_from' | 'decline';

/**
 * A coordinator override or an institute decline on an earlier request. Give the
 * earlier request's text, or its terms, or both.
 */
export interface FeedbackEntry {
  text?: string;
  terms?: string[];
  institute: string;
  kind: FeedbackKind;
}

export interface RoutingSignals {
  institutes?: Record<string, InstituteSignal>;
  feedback?: FeedbackEntry[];
}

/** What matched between the request and one institute. */
export interface MatchDetail {
  /** Request wording that matched (concept terms and words). */
  terms: string[];
  /** Matched concept labels from the synonym table. */
  concepts: string[];
  expertise: string[];
  equipment: string[];
  researchers: string[];
  services: string[];
  industries: string[];
  fields: string[];
}

export interface RankedInstitute {
  institute: string;
  nameKo: string;
  /** 0..1, higher is a better fit. */
  score: number;
  /** Korean phrases for coordinators and engineers. */
  reasons: string[];
  match: MatchDetail;
}

/** A distinct capability the request needs, and who on the team covers it. */
export interface RoutingAspect {
  label: string;
  terms: string[];
  /** Share of the request's matched evidence, 0..1. */
  weight: number;
  /** Named where the request states what it asks for, not only in its background. */
  requested: boolean;
  coveredBy: string | null;
}

export interface SkippedInstitute {
  institute: string;
  status: InstituteStatus;
  reason: string;
}

export interface RoutingResult {
  ranked: RankedInstitute[];
  /** Proposed assignment, lead institute first. */
  team: string[];
  /** Whether joint (융복합) support is proposed, i.e. the team has several institutes. */
  convergence: boolean;
  skipped: SkippedInstitute[];
  aspects: RoutingAspect[];
  catalogueVersion?: string;
}
