// Typed client for the belfry JSON API v1 (docs/api/contract.md).
// Every call uses the session cookie (credentials: 'same-origin'); every unsafe call sends the
// X-CSRF-Token obtained from the session response. Failures are thrown as ApiError, which
// carries the RFC 9457 problem+json body (or a synthesised one when the body is not JSON).

export type Language = 'fr' | 'nl' | 'de' | 'en';
export const LANGUAGES: Language[] = ['fr', 'nl', 'de', 'en'];

export type Names = Partial<Record<Language, string>>;

export type OrganisationKind = 'government' | 'minister' | 'service' | 'unit' | 'diplomatic_post';
export const ORGANISATION_KINDS: OrganisationKind[] = ['government', 'minister', 'service', 'unit', 'diplomatic_post'];

export type ChannelStatus = 'planned' | 'active' | 'dormant' | 'archived' | 'deleted';
export const CHANNEL_STATUSES: ChannelStatus[] = ['planned', 'active', 'dormant', 'archived', 'deleted'];

export const NETWORKS = [
  'facebook', 'x', 'linkedin', 'youtube', 'instagram', 'flickr', 'vimeo',
  'mastodon', 'bluesky', 'threads', 'googleplus', 'other',
] as const;
export type Network = (typeof NETWORKS)[number] | string;

export type Role = 'administrator' | 'editor' | 'reviewer' | 'spokesperson' | 'moderator' | 'analyst' | 'agency_member';
export const ROLES: Role[] = ['administrator', 'editor', 'reviewer', 'spokesperson', 'moderator', 'analyst', 'agency_member'];

export interface Organisation {
  id: number;
  parent_id: number | null;
  kind: OrganisationKind;
  slug: string;
  names: Names;
  created_at?: string;
  updated_at?: string;
}

export interface PublicChannel {
  id: number;
  organisation_id: number;
  network: Network;
  handle: string;
  platform_account_id: string | null;
  url: string;
  display_name: string;
  languages: Language[];
  status: ChannelStatus;
  status_changed_at?: string;
  policy_url: string | null;
  tags: string[];
  last_validated_at: string | null;
  revalidation_due_at?: string;
  revalidation_due?: boolean;
  created_at?: string;
  updated_at?: string;
}

export interface Channel extends PublicChannel {
  primary_contact_id: number | null;
  backup_contact_id: number | null;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  locale: Language | string | null;
  disabled: boolean;
  created_at?: string;
  last_login_at: string | null;
}

export interface RoleGrant {
  id: number;
  user_id: number;
  organisation_id: number;
  role: Role;
  expires_at: string | null;
  granted_by: number | null;
  created_at?: string;
}

export interface Session {
  user: User;
  csrf_token: string;
  grants: RoleGrant[];
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  token?: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: { id: number; username: string } | null;
  action: string;
  object_type: string;
  object_id: string;
  organisation_id: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prev_hash?: string;
  hash?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export interface Meta {
  version: string;
  networks: string[];
  roles: Role[];
  languages: Language[];
  organisation_kinds: OrganisationKind[];
  channel_statuses: ChannelStatus[];
  revalidation_days: number;
}

export interface VerifyResult {
  verdict: 'official' | 'former' | 'unknown';
  query: { input: string; network: string | null; handle: string | null };
  channel: PublicChannel | null;
  organisation: {
    id: number;
    kind: OrganisationKind;
    names: Names;
    path: { id: number; names: Names; kind?: OrganisationKind }[];
  } | null;
  former_since: string | null;
  message: string;
}

export interface FieldProblem {
  field: string;
  message: string;
  /** When scheduling is refused: the channel the problem is about. */
  channel_id?: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: FieldProblem[];
}

/** The one error type of the client: an HTTP failure carrying its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The problem kind, e.g. "invalid-request", "forbidden", "csrf", "network". */
  get kind(): string {
    const t = this.problem.type || '';
    return t.slice(t.lastIndexOf('/') + 1);
  }

  /** Field-level messages keyed by field name (errors[] plus the top-level `field`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      if (e && typeof e.field === 'string' && !(e.field in out)) out[e.field] = e.message;
    }
    if (this.problem.field && !(this.problem.field in out)) {
      out[this.problem.field] = this.problem.detail || this.problem.title;
    }
    return out;
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an authenticated request answers 401 (session expired or revoked). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '' || v === false) continue;
      params.set(k, String(v));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A body sent as is (an image upload) with its Content-Type. */
  raw?: { data: Blob; type: string };
  /** Do not treat 401 as "session ended" (sign-in itself, session probe). */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const unsafe = method !== 'GET' && method !== 'HEAD';
  if (unsafe && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let body: string | Blob | undefined;
  if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.raw.type;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError({
      type: '/problems/network',
      title: 'Network error',
      status: 0,
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const p = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
    const problem: Problem = {
      ...p,
      type: typeof p.type === 'string' ? p.type : `/problems/http-${res.status}`,
      title: typeof p.title === 'string' ? p.title : res.statusText || `HTTP ${res.status}`,
      status: typeof p.status === 'number' ? p.status : res.status,
      detail: typeof p.detail === 'string' ? p.detail : json === null && text && text.length < 300 ? text : undefined,
    };
    const ra = res.headers.get('Retry-After');
    const retryAfter = ra && /^\d+$/.test(ra) ? Number(ra) : null;
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated();
    throw new ApiError(problem, retryAfter);
  }
  if (json === null && text) {
    throw new ApiError({ type: '/problems/bad-response', title: 'Invalid response', status: res.status, detail: 'The server answered with something that is not JSON.' });
  }
  return json as T;
}

// --- public -----------------------------------------------------------------------------
export const getMeta = () => request<Meta>('GET', '/api/v1/meta');

export const verifyAccount = (url: string) =>
  request<VerifyResult>('GET', '/api/v1/public/verify', { query: { url } });

export interface ChannelFilters {
  organisation_id?: number;
  network?: string;
  language?: string;
  status?: string;
  tag?: string;
  q?: string;
  revalidation_due?: boolean;
  page?: number;
  per_page?: number;
}

export const listPublicChannels = (f: ChannelFilters = {}) =>
  request<Page<PublicChannel>>('GET', '/api/v1/public/channels', { query: { ...f } });

export const listPublicOrganisations = () =>
  request<{ items: Organisation[] }>('GET', '/api/v1/public/organisations');

// --- session ----------------------------------------------------------------------------
export const getSession = () => request<Session>('GET', '/api/v1/session', { quiet401: true });

export const signIn = (username: string, password: string) =>
  request<Session>('POST', '/api/v1/session', { body: { username, password }, quiet401: true });

export const signOut = () => request<void>('DELETE', '/api/v1/session', { quiet401: true });

// --- organisations ----------------------------------------------------------------------
export const listOrganisations = () => request<{ items: Organisation[] }>('GET', '/api/v1/organisations');

export const getOrganisation = (id: number) => request<Organisation>('GET', `/api/v1/organisations/${id}`);

export interface NewOrganisation {
  parent_id: number;
  kind: OrganisationKind;
  slug?: string;
  names: Names;
}

export const createOrganisation = (o: NewOrganisation) =>
  request<Organisation>('POST', '/api/v1/organisations', { body: o });

// --- channels ---------------------------------------------------------------------------
export const listChannels = (f: ChannelFilters) =>
  request<Page<Channel>>('GET', '/api/v1/channels', { query: { ...f } });

export const getChannel = (id: number) => request<Channel>('GET', `/api/v1/channels/${id}`);

export interface ChannelInput {
  organisation_id?: number;
  url?: string;
  platform_account_id?: string | null;
  display_name?: string;
  languages?: Language[];
  status?: ChannelStatus;
  primary_contact_id?: number | null;
  backup_contact_id?: number | null;
  policy_url?: string | null;
  tags?: string[];
}

export const createChannel = (c: ChannelInput) => request<Channel>('POST', '/api/v1/channels', { body: c });

export const updateChannel = (id: number, c: ChannelInput) =>
  request<Channel>('PATCH', `/api/v1/channels/${id}`, { body: c });

export const deleteChannel = (id: number) => request<Channel>('DELETE', `/api/v1/channels/${id}`);

export const validateChannel = (id: number) => request<Channel>('POST', `/api/v1/channels/${id}/validate`);

// --- users and roles --------------------------------------------------------------------
export const listUsers = (page = 1, per_page = 200) =>
  request<Page<User>>('GET', '/api/v1/users', { query: { page, per_page } });

export const getUser = (id: number) => request<User>('GET', `/api/v1/users/${id}`);

export interface NewUser {
  username: string;
  display_name: string;
  email?: string;
  password: string;
  locale?: Language;
}

export const createUser = (u: NewUser) => request<User>('POST', '/api/v1/users', { body: u });

export const updateMe = (patch: { locale?: Language; display_name?: string }) =>
  request<User>('PATCH', '/api/v1/users/me', { body: patch });

export const listRoles = (f: { user_id?: number; organisation_id?: number }) =>
  request<Page<RoleGrant> | { items: RoleGrant[] }>('GET', '/api/v1/roles', { query: { ...f, per_page: 200 } });

export interface NewGrant {
  user_id: number;
  organisation_id: number;
  role: Role;
  expires_at?: string;
}

export const grantRole = (g: NewGrant) => request<RoleGrant>('POST', '/api/v1/roles', { body: g });

export const revokeRole = (id: number) => request<void>('DELETE', `/api/v1/roles/${id}`);

// --- tokens -----------------------------------------------------------------------------
export const listTokens = () => request<Page<ApiToken> | { items: ApiToken[] }>('GET', '/api/v1/tokens');

export const createToken = (t: { name: string; expires_at?: string }) =>
  request<ApiToken & { token: string }>('POST', '/api/v1/tokens', { body: t });

export const revokeToken = (id: number) => request<void>('DELETE', `/api/v1/tokens/${id}`);

// --- audit ------------------------------------------------------------------------------
export const listAudit = (f: { object_type?: string; object_id?: string; organisation_id?: number; page?: number; per_page?: number }) =>
  request<Page<AuditEntry>>('GET', '/api/v1/audit', { query: { ...f } });

// --- posts ------------------------------------------------------------------------------
export const CONTENT_TYPES = [
  'press_release', 'legislation', 'minister_quote', 'travel_advice', 'campaign', 'event',
  'consular_information', 'crisis_information', 'job_offer', 'good_news', 'other',
] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const POST_STATUSES = [
  'draft', 'in_review', 'approved', 'scheduled', 'publishing', 'published', 'partially_published', 'failed', 'rejected', 'withdrawn', 'paused',
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export type RenditionStatus =
  | 'scheduled'
  | 'publishing'
  | 'published'
  | 'failed'
  | 'unconfirmed'
  | 'cancelled'
  | 'deleting'
  | 'deleted'
  | 'editing';

/** One text of a published rendition: the original and every edit asked for since. */
export interface RenditionRevision {
  id: number;
  text: string;
  status: 'pending' | 'live' | 'replaced' | 'failed' | string;
  requested_by: number | null;
  requested_by_name: string;
  requested_at: string;
  live_at: string | null;
  replaced_at: string | null;
  network_message: string | null;
  explanation: string | null;
}

/** Roles that may draft, change, schedule and cancel posts (the server's kDraftPost). */
export const DRAFTING_ROLES: Role[] = ['administrator', 'editor', 'spokesperson', 'agency_member'];

export interface Post {
  id: number;
  organisation_id: number;
  content_type: ContentType | string;
  status: PostStatus | string;
  variants: Partial<Record<Language, string>>;
  link_url: string | null;
  internal_notes: string;
  channel_ids: number[];
  media: PostMediaView[];
  publish_at: string | null;
  time_zone: string;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  tags: string[];
}

/** What was (or will be) sent to one channel once the post is scheduled. */
export interface Rendition {
  id: number;
  post_id: number;
  channel_id: number;
  languages: Language[];
  text: string;
  status: RenditionStatus | string;
  remote_id: string | null;
  remote_url: string | null;
  network_message: string | null;
  explanation: string | null;
  attempts: number;
  publish_at: string | null;
  published_at: string | null;
  updated_at: string;
  /** Every text it had on the network, oldest first; empty until the first edit. */
  revisions: RenditionRevision[];
}

/** What one channel would receive now, measured by the server with the network's own counter. */
export interface PreviewRendition {
  channel_id: number;
  network: string;
  languages: Language[];
  text: string;
  length: number;
  limit: number;
  unit: string;
  ok: boolean;
  problems: string[];
}

export interface Preview {
  ok: boolean;
  problems: string[];
  renditions: PreviewRendition[];
}

export interface PostView extends Post {
  renditions: Rendition[];
  preview: Preview;
  review: Review;
}

export interface PostInput {
  organisation_id: number;
  content_type: ContentType | string;
  variants: Partial<Record<Language, string>>;
  link_url?: string | null;
  internal_notes?: string;
  channel_ids: number[];
  media?: PostMedia[];
  tags?: string[];
}

/** An image as used in a post: its alt text per language. */
export interface PostMedia {
  media_id: number;
  alt: Partial<Record<Language, string>>;
}

export interface PostMediaView extends PostMedia {
  mime_type: string;
  bytes: number;
  file_name: string;
}

/** An uploaded image; its bytes are at content_url. */
export interface Media {
  id: number;
  organisation_id: number;
  mime_type: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  file_name: string;
  created_by: number | null;
  created_at: string;
  content_url: string;
}

/** Uploads an image as the raw body; the server reads its type from the bytes. */
export const uploadMedia = (organisationId: number, file: File) =>
  request<Media>('POST', '/api/v1/media', {
    query: { organisation_id: organisationId, file_name: file.name },
    raw: { data: file, type: file.type || 'application/octet-stream' },
  });

export const mediaContentUrl = (id: number) => `/api/v1/media/${id}/content`;

export type PostPatch = Partial<Omit<PostInput, 'organisation_id'>>;

export type ScheduleInput =
  | { now: true }
  | { publish_at: string }
  | { local_time: string; time_zone: string }
  | { next_free_slot: true };

/** A post in a list: with how many of its renditions are in each status. */
export interface PostListItem extends Post {
  rendition_counts: Partial<Record<RenditionStatus, number>>;
  /** When the post's renditions go out (distinct times, ascending): they may differ per channel. */
  rendition_times: string[];
}

export const listPosts = (f: { organisation_id?: number; status?: string; from?: string; to?: string; page?: number; per_page?: number }) =>
  request<Page<PostListItem>>('GET', '/api/v1/posts', { query: { ...f } });

export const getPost = (id: number) => request<PostView>('GET', `/api/v1/posts/${id}`);

export const createPost = (p: PostInput) => request<PostView>('POST', '/api/v1/posts', { body: p });

export const updatePost = (id: number, p: PostPatch) => request<PostView>('PATCH', `/api/v1/posts/${id}`, { body: p });

export const schedulePost = (id: number, when: ScheduleInput) =>
  request<PostView>('POST', `/api/v1/posts/${id}/schedule`, { body: when });

export const cancelPost = (id: number) => request<PostView>('POST', `/api/v1/posts/${id}/cancel`);

/** Removes a published rendition from its network (through the queue: answers it `deleting`). */
export const deleteRendition = (postId: number, renditionId: number) =>
  request<Rendition>('DELETE', `/api/v1/posts/${postId}/renditions/${renditionId}`);

/** Replaces the text of a published rendition where the network allows it (Mastodon): `editing`. */
export const editRendition = (postId: number, renditionId: number, text: string) =>
  request<Rendition>('PATCH', `/api/v1/posts/${postId}/renditions/${renditionId}`, { body: { text } });

/** Networks whose published posts can be edited (the server refuses the others). */
export const EDITABLE_NETWORKS = new Set(['mastodon']);

/** Re-queues a failed rendition with the same idempotency key. */
export const retryRendition = (postId: number, renditionId: number) =>
  request<PostView>('POST', `/api/v1/posts/${postId}/renditions/${renditionId}/retry`);

// --- posting schedules ------------------------------------------------------------------
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Slot {
  weekday: Weekday;
  /** Local time HH:MM in the schedule's time zone. */
  time: string;
}

export interface PostingSchedule {
  channel_id: number;
  time_zone: string;
  slots: Slot[];
  next_free_slot: string | null;
}

export const getChannelSchedule = (id: number) => request<PostingSchedule>('GET', `/api/v1/channels/${id}/schedule`);

export const putChannelSchedule = (id: number, s: { time_zone: string; slots: Slot[] }) =>
  request<PostingSchedule>('PUT', `/api/v1/channels/${id}/schedule`, { body: s });

// --- editorial workflow (review, conversation, versions, queue, policy) -----------------
export type FindingEffect = 'blocks' | 'needs_spokesperson' | 'advice';

/** What a policy rule found in the post; `message` is the server's English sentence (fallback only). */
export interface Finding {
  rule: string;
  effect: FindingEffect | string;
  matched: string[];
  message: string;
  unblock: 'author' | 'spokesperson' | string;
  /** The organisation whose setting applied (0: the default). */
  set_by: number;
}

export interface ReviewApproval {
  user_id: number;
  username: string;
  version: number;
  as_spokesperson: boolean;
  at: string;
}

export type ReviewAction = 'edit' | 'submit' | 'approve' | 'request_changes' | 'reject' | 'withdraw' | 'schedule' | 'comment';

export interface Review {
  peer_reviews_required: number;
  peer_approvals: number;
  spokesperson_required: boolean;
  spokesperson_approved: boolean;
  complete: boolean;
  blocked: boolean;
  attested: boolean;
  approvals: ReviewApproval[];
  findings: Finding[];
  /** What the signed-in user may do now. */
  actions: (ReviewAction | string)[];
}

export const submitPost = (id: number, body: { attest: boolean; comment?: string }) =>
  request<PostView>('POST', `/api/v1/posts/${id}/submit`, { body });

export const approvePost = (id: number, version: number, comment?: string) =>
  request<PostView>('POST', `/api/v1/posts/${id}/approve`, { body: comment ? { version, comment } : { version } });

export const requestChanges = (id: number, comment: string) =>
  request<PostView>('POST', `/api/v1/posts/${id}/request-changes`, { body: { comment } });

export const rejectPost = (id: number, comment: string) => request<PostView>('POST', `/api/v1/posts/${id}/reject`, { body: { comment } });

export const withdrawPost = (id: number, comment?: string) =>
  request<PostView>('POST', `/api/v1/posts/${id}/withdraw`, { body: comment ? { comment } : {} });

export type CommentKind = 'comment' | 'submitted' | 'approved' | 'changes_requested' | 'rejected' | 'withdrawn' | 'back_to_review';

export interface ReviewComment {
  id: number;
  post_id: number;
  version: number;
  author_id: number | null;
  author_name: string;
  kind: CommentKind | string;
  language: Language | null;
  body: string;
  created_at: string;
}

export const listComments = (id: number) => request<{ items: ReviewComment[] }>('GET', `/api/v1/posts/${id}/comments`);

export const addComment = (id: number, body: string, language?: Language) =>
  request<ReviewComment>('POST', `/api/v1/posts/${id}/comments`, { body: language ? { body, language } : { body } });

export interface PostVersion {
  version: number;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  content_type: string;
  tags: string[];
  link_url: string | null;
  variants: Partial<Record<Language, string>>;
  media: { media_id: number; alt: Partial<Record<Language, string>> }[];
  channel_ids: number[];
}

export const listVersions = (id: number) => request<{ items: PostVersion[] }>('GET', `/api/v1/posts/${id}/versions`);

export interface DiffPiece {
  op: 'equal' | 'delete' | 'insert';
  text: string;
}

export interface VersionDiff {
  from: number;
  to: number;
  languages: { language: Language | string; change: 'added' | 'removed' | 'changed' | 'same'; pieces: DiffPiece[] }[];
  other_changes: string[];
}

export const getDiff = (id: number, from: number, to: number) => request<VersionDiff>('GET', `/api/v1/posts/${id}/diff`, { query: { from, to } });

export interface QueueItem {
  post: Post;
  reason: 'peer_review' | 'spokesperson' | 'changes_requested' | 'in_review' | 'approved' | string;
  peer_approvals: number;
  peer_reviews_required: number;
  spokesperson_required: boolean;
  spokesperson_approved: boolean;
  sensitive: string[];
}

export interface ReviewQueue {
  to_review: QueueItem[];
  mine: QueueItem[];
  counts: { to_review: number; spokesperson: number; changes_requested: number; in_review: number; approved: number };
}

export const getReviewQueue = () => request<ReviewQueue>('GET', '/api/v1/review-queue');

export interface ElectionPeriod {
  name: string;
  from: string;
  until: string;
}

/** One organisation's own settings: an absent field inherits. */
export interface PolicySettings {
  peer_reviews?: number | null;
  sensitive_keywords?: string[] | null;
  sensitive_tags?: string[] | null;
  sensitive_content_types?: string[] | null;
  require_attestation?: boolean | null;
  required_languages?: string[] | null;
  channel_language_parity?: boolean | null;
  neutrality_terms?: string[] | null;
  election_periods?: ElectionPeriod[] | null;
}

export interface EffectivePolicy {
  peer_reviews: number;
  sensitive_keywords: string[];
  sensitive_tags: string[];
  sensitive_content_types: string[];
  require_attestation: boolean;
  required_languages: string[];
  channel_language_parity: boolean;
  neutrality_terms: string[];
  election_periods: ElectionPeriod[];
  /** rule → organisation whose setting applies (absent or 0: the default). */
  set_by: Record<string, number>;
}

export interface PolicyView {
  organisation_id: number;
  own: PolicySettings;
  effective: EffectivePolicy;
}

export const getPolicy = (orgId: number) => request<PolicyView>('GET', `/api/v1/organisations/${orgId}/policy`);

export const putPolicy = (orgId: number, own: PolicySettings) =>
  request<PolicyView>('PUT', `/api/v1/organisations/${orgId}/policy`, { body: own });

// --- crisis mode ------------------------------------------------------------------------
/** The fields of an alert, in the order a form shows them (the templates' placeholders). */
export const ALERT_FIELDS = ['sender', 'event', 'area', 'instructions', 'until', 'link'] as const;
export type AlertField = (typeof ALERT_FIELDS)[number];

/** Roles that may open and close a crisis and write its templates (the server's kManageCrisis). */
export const CRISIS_ROLES: Role[] = ['administrator', 'spokesperson'];

export interface Crisis {
  id: number;
  organisation_id: number;
  /** In English, from the server: the interface shows the organisation's own names. */
  organisation_name: string;
  title: string;
  reason: string;
  status: 'open' | 'closed' | string;
  opened_by: number | null;
  opened_by_name: string;
  opened_at: string;
  closed_by: number | null;
  closed_by_name: string | null;
  closed_at: string | null;
}

export interface CrisisSummary extends Crisis {
  paused_count: number;
  waiting_count: number;
  message_count: number;
}

export type PausedState = 'paused' | 'restored' | 'published_now' | 'rescheduled' | 'cancelled';

export interface PausedRendition {
  post_id: number;
  rendition_id: number;
  channel_id: number;
  channel_name: string;
  original_publish_at: string;
  past_due: boolean;
  state: PausedState | string;
  publish_at: string | null;
  decided_at: string | null;
  decided_by_name: string | null;
  rendition_status: RenditionStatus | string;
}

export interface NotPausedRendition {
  post_id: number;
  rendition_id: number;
  channel_id: number;
  channel_name: string;
  status: string;
  publish_at: string | null;
  rendition_status: RenditionStatus | string;
}

export interface CrisisMessageRendition {
  rendition_id: number;
  channel_id: number;
  channel_name: string;
  network: string;
  status: RenditionStatus | string;
  remote_url: string | null;
  published_at: string | null;
  network_message: string | null;
  explanation: string | null;
}

/** A field's value as sent: one text for every language, or one per language. */
export type AlertFieldValue = string | Partial<Record<Language, string>>;

export interface CrisisMessage {
  id: number;
  crisis_id: number;
  post_id: number;
  template_id: number;
  template_version: number;
  template_name: string;
  fields: Partial<Record<AlertField, AlertFieldValue>>;
  sent_by: number | null;
  sent_by_name: string;
  sent_at: string;
  renditions: CrisisMessageRendition[];
  counts: Partial<Record<string, number>>;
}

export type TimelineKind =
  | 'opened'
  | 'paused'
  | 'not_paused'
  | 'message_sent'
  | 'rendition_published'
  | 'rendition_failed'
  | 'closed'
  | 'restored'
  | 'published_now'
  | 'rescheduled'
  | 'cancelled';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind | string;
  /** The server's English sentence: shown only for kinds the interface does not know. */
  text: string;
  actor_name: string | null;
  post_id: number | null;
  channel_id: number | null;
}

export interface CrisisView extends Crisis {
  paused: PausedRendition[];
  not_paused: NotPausedRendition[];
  messages: CrisisMessage[];
  timeline: TimelineEntry[];
}

export interface CrisisTemplate {
  id: number;
  organisation_id: number;
  organisation_name: string;
  name: string;
  variants: Partial<Record<Language, string>>;
  placeholders: AlertField[];
  version: number;
  approved_version: number | null;
  approved_by: number | null;
  approved_by_name: string | null;
  approved_at: string | null;
  approved: boolean;
  created_at: string;
  updated_at: string;
}

export type CloseAction = 'publish_now' | 'reschedule' | 'cancel';

export interface CloseDecision {
  post_id: number;
  action: CloseAction;
  publish_at?: string;
}

export const listCrises = (f: { status?: 'open' | 'closed'; organisation_id?: number; page?: number; per_page?: number } = {}) =>
  request<Page<CrisisSummary>>('GET', '/api/v1/crises', { query: { ...f } });

export const getCrisis = (id: number) => request<CrisisView>('GET', `/api/v1/crises/${id}`);

export const openCrisis = (c: { organisation_id: number; title: string; reason: string }) =>
  request<CrisisView>('POST', '/api/v1/crises', { body: c });

export const closeCrisis = (id: number, decisions: CloseDecision[]) =>
  request<CrisisView>('POST', `/api/v1/crises/${id}/close`, { body: { decisions } });

export const sendCrisisMessage = (id: number, m: { template_id: number; fields: Partial<Record<AlertField, AlertFieldValue>>; channel_ids: number[] }) =>
  request<CrisisMessage>('POST', `/api/v1/crises/${id}/messages`, { body: m });

export const listCrisisTemplates = (organisationId?: number) =>
  request<{ items: CrisisTemplate[] }>('GET', '/api/v1/crisis-templates', { query: { organisation_id: organisationId } });

export const getCrisisTemplate = (id: number) => request<CrisisTemplate>('GET', `/api/v1/crisis-templates/${id}`);

export const createCrisisTemplate = (t: { organisation_id: number; name: string; variants: Partial<Record<Language, string>> }) =>
  request<CrisisTemplate>('POST', '/api/v1/crisis-templates', { body: t });

export const updateCrisisTemplate = (id: number, t: { name?: string; variants?: Partial<Record<Language, string>> }) =>
  request<CrisisTemplate>('PUT', `/api/v1/crisis-templates/${id}`, { body: t });

export const approveCrisisTemplate = (id: number, version: number) =>
  request<CrisisTemplate>('POST', `/api/v1/crisis-templates/${id}/approve`, { body: { version } });

// --- inbox (docs/design/inbox.md) -------------------------------------------------------
/** Roles that read the inbox and its conversations. */
export const INBOX_READ_ROLES: Role[] = ['administrator', 'editor', 'reviewer', 'spokesperson', 'moderator', 'agency_member'];
/** Roles that answer, assign, change the status and write internal notes. */
export const INBOX_WORK_ROLES: Role[] = ['administrator', 'editor', 'spokesperson', 'moderator', 'agency_member'];
/** Roles that moderate (the queue, decisions, the lexicon). */
export const MODERATION_ROLES: Role[] = ['administrator', 'moderator', 'spokesperson'];
/** Roles that write saved replies. */
export const SAVED_REPLY_ROLES: Role[] = ['administrator', 'editor'];
/** Roles that read the inbox metrics. */
export const METRICS_ROLES: Role[] = [...INBOX_READ_ROLES, 'analyst'];

export const INBOX_STATUSES = ['new', 'assigned', 'waiting', 'answered', 'closed'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export const MODERATION_CATEGORIES = ['insult', 'racism', 'discrimination', 'violence', 'spam', 'personal_data'] as const;
export const MODERATION_STATES = ['queued', 'hidden', 'not_hidden', 'hide_failed', 'allowed'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number] | 'none';

export interface Person {
  id: number;
  name: string;
}

export interface Assignee {
  type: 'user' | 'team';
  id: number;
  name: string;
}

export interface Citizen {
  id: string;
  handle: string;
  name: string;
}

export interface InboxConversation {
  id: number;
  organisation: { id: number; name: string };
  channel: { id: number; handle: string; network: string; display_name: string };
  kind: 'reply' | 'mention' | 'direct' | string;
  post_id: number | null;
  citizen: Citizen;
  language: string;
  status: InboxStatus | string;
  assignee: Assignee | null;
  category: string | null;
  first_inbound_at: string;
  last_inbound_at: string;
  first_response_at: string | null;
  last_response_at: string | null;
  due_at: string | null;
  overdue: boolean;
  item_count: number;
  last_text: string;
}

export interface ItemModeration {
  state: ModerationState | string;
  category: string | null;
  score: number | null;
}

export interface InboxItem {
  id: number;
  conversation_id: number;
  direction: 'in' | 'out';
  kind: string;
  remote_id: string | null;
  url: string | null;
  parent_remote_id: string | null;
  author: Citizen;
  text: string;
  language: string;
  created_at: string;
  received_at: string;
  sent_by: Person | null;
  send_state: 'pending' | 'sent' | 'failed' | string | null;
  send_message: string | null;
  moderation: ItemModeration;
}

export interface InboxNote {
  id: number;
  author: Person;
  text: string;
  created_at: string;
}

export interface Drafting {
  user_id: number;
  name: string;
  at: string;
}

export interface SavedReplyVariant {
  language: Language | string;
  text: string;
}

export interface SavedReply {
  id: number;
  organisation_id: number;
  name: string;
  category: string | null;
  link: string | null;
  variants: SavedReplyVariant[];
  created_at?: string;
  updated_at?: string;
}

export type ConversationAction = 'answer' | 'assign' | 'status' | 'note' | 'moderate';

export interface ConversationView {
  conversation: InboxConversation;
  items: InboxItem[];
  notes: InboxNote[];
  drafting: Drafting[];
  saved_replies: SavedReply[];
  actions: (ConversationAction | string)[];
}

export type InboxCounts = Partial<Record<InboxStatus, number>>;

export interface ConversationFilters {
  organisation_id?: number;
  channel_id?: number;
  network?: string;
  status?: string;
  language?: string;
  category?: string;
  assignee?: string;
  overdue?: boolean;
  q?: string;
  sort?: 'recent' | 'due' | 'oldest' | string;
  page?: number;
  per_page?: number;
}

export const listConversations = (f: ConversationFilters) =>
  request<Page<InboxConversation> & { counts: InboxCounts }>('GET', '/api/v1/inbox/conversations', { query: { ...f } });

export const getConversation = (id: number) => request<ConversationView>('GET', `/api/v1/inbox/conversations/${id}`);

export const assignConversation = (id: number, to: { user_id: number | null; team_id: number | null }) =>
  request<InboxConversation>('POST', `/api/v1/inbox/conversations/${id}/assign`, { body: to });

export const setConversationStatus = (id: number, status: string) =>
  request<InboxConversation>('POST', `/api/v1/inbox/conversations/${id}/status`, { body: { status } });

export const setConversationCategory = (id: number, category: string | null) =>
  request<InboxConversation>('POST', `/api/v1/inbox/conversations/${id}/category`, { body: { category } });

export const addConversationNote = (id: number, text: string) =>
  request<InboxNote>('POST', `/api/v1/inbox/conversations/${id}/notes`, { body: { text } });

export const heartbeatDrafting = (id: number) =>
  request<{ others: Drafting[] }>('POST', `/api/v1/inbox/conversations/${id}/drafting`);

export const stopDrafting = (id: number) => request<void>('DELETE', `/api/v1/inbox/conversations/${id}/drafting`);

export interface AnswerInput {
  text?: string;
  saved_reply_id?: number;
  language?: string;
  reply_to_item_id?: number;
  last_seen_item_id: number;
  force?: boolean;
}

export const answerConversation = (id: number, a: AnswerInput) =>
  request<InboxItem>('POST', `/api/v1/inbox/conversations/${id}/answer`, { body: a });

export type SearchHit = InboxItem;

export const searchInbox = (f: { q: string; organisation_id?: number; channel_id?: number; language?: string; direction?: string; page?: number; per_page?: number }) =>
  request<Page<SearchHit>>('GET', '/api/v1/inbox/search', { query: { ...f } });

export interface InboxStats {
  conversations: number;
  answered: number;
  response_rate: number;
  median_ms: number | null;
  p90_ms: number | null;
  answered_on_time: number;
  overdue_open: number;
}

export interface InboxMetrics {
  from: string;
  to: string;
  total: InboxStats;
  by_organisation: { id: number; name: string; stats: InboxStats }[];
  by_channel: { id: number; name: string; network: string; stats: InboxStats }[];
  by_person: { id: number; name: string; stats: InboxStats }[];
  by_network: { network: string; stats: InboxStats }[];
}

export const getInboxMetrics = (f: { organisation_id?: number; from?: string; to?: string }) =>
  request<InboxMetrics>('GET', '/api/v1/inbox/metrics', { query: { ...f } });

/** The URL of the live stream of inbox events (server-sent events, session cookie). */
export const INBOX_EVENTS_URL = '/api/v1/inbox/events';

export interface InboxEvent {
  type: 'item' | 'conversation' | string;
  conversation_id: number;
  organisation_id: number;
  item_id?: number | null;
}

// --- inbox settings, teams, saved replies, category rules -------------------------------
export type ResponseTarget = 'same_business_day' | 'next_business_day' | 'hours';

export interface ResponseSettings {
  target: ResponseTarget | string;
  target_hours: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  business_days: number[];
  day_start: string;
  day_end: string;
}

export interface Holiday {
  date: string;
  key: string;
}

export interface InboxSettingsView {
  own: ResponseSettings | null;
  effective: ResponseSettings;
  set_by: { id: number; name: string } | null;
  holidays: Holiday[];
}

export const getInboxSettings = (orgId: number) => request<InboxSettingsView>('GET', `/api/v1/organisations/${orgId}/inbox-settings`);

export const putInboxSettings = (orgId: number, settings: ResponseSettings | null) =>
  request<InboxSettingsView>('PUT', `/api/v1/organisations/${orgId}/inbox-settings`, { body: { settings } });

export interface Team {
  id: number;
  organisation_id: number;
  name: string;
  member_ids: number[];
  /** Names of the members, when the server gives them. */
  members?: Person[];
}

export const listTeams = (organisationId?: number) => request<{ items: Team[] }>('GET', '/api/v1/inbox/teams', { query: { organisation_id: organisationId } });

export const createTeam = (t: { organisation_id: number; name: string; member_ids: number[] }) => request<Team>('POST', '/api/v1/inbox/teams', { body: t });

export const updateTeam = (id: number, t: { name: string; member_ids: number[] }) => request<Team>('PUT', `/api/v1/inbox/teams/${id}`, { body: t });

export const listSavedReplies = (f: { organisation_id?: number; language?: string } = {}) =>
  request<{ items: SavedReply[] }>('GET', '/api/v1/saved-replies', { query: { ...f } });

export interface SavedReplyInput {
  organisation_id?: number;
  name: string;
  category: string | null;
  link: string | null;
  variants: SavedReplyVariant[];
}

export const createSavedReply = (r: SavedReplyInput) => request<SavedReply>('POST', '/api/v1/saved-replies', { body: r });

export const updateSavedReply = (id: number, r: SavedReplyInput) => request<SavedReply>('PUT', `/api/v1/saved-replies/${id}`, { body: r });

export const deleteSavedReply = (id: number) => request<void>('DELETE', `/api/v1/saved-replies/${id}`);

export interface CategoryRule {
  id: number;
  organisation_id: number;
  category: string;
  /** Empty or null: any language. */
  language: string | null;
  keywords: string[];
  position: number;
}

export const listCategoryRules = (organisationId?: number) =>
  request<{ items: CategoryRule[] }>('GET', '/api/v1/inbox/category-rules', { query: { organisation_id: organisationId } });

export const createCategoryRule = (r: Omit<CategoryRule, 'id'>) => request<CategoryRule>('POST', '/api/v1/inbox/category-rules', { body: r });

export const updateCategoryRule = (id: number, r: Omit<CategoryRule, 'id' | 'organisation_id'>) =>
  request<CategoryRule>('PUT', `/api/v1/inbox/category-rules/${id}`, { body: r });

export const deleteCategoryRule = (id: number) => request<void>('DELETE', `/api/v1/inbox/category-rules/${id}`);

// --- moderation -------------------------------------------------------------------------
export interface Decision {
  id: number;
  item_id: number;
  action: 'hide' | 'queue' | 'allow' | 'restore' | string;
  source: 'rule' | 'model' | 'person' | string;
  category: string | null;
  score: number | null;
  rule: string | null;
  reason: string | null;
  original_text: string;
  decided_by: Person | null;
  decided_by_name: string | null;
  reverses: number | null;
  network_result: 'hidden' | 'restored' | 'not_supported' | 'failed' | 'pending' | 'none' | string;
  network_message: string | null;
  created_at: string;
}

export interface ModerationChannel {
  id: number;
  handle: string;
  network: string;
}

export interface ModerationQueueEntry {
  item: InboxItem;
  conversation_id: number;
  channel: ModerationChannel;
  latest: Decision | null;
}

export const listModerationQueue = (f: { organisation_id?: number; state?: string; category?: string; page?: number; per_page?: number }) =>
  request<Page<ModerationQueueEntry>>('GET', '/api/v1/moderation/queue', { query: { ...f } });

export const getModerationItem = (id: number) =>
  request<{ item: InboxItem; channel: ModerationChannel; decisions: Decision[] }>('GET', `/api/v1/moderation/items/${id}`);

export type ModerationAction = 'hide' | 'allow' | 'restore';

export const decideModeration = (id: number, action: ModerationAction, reason: string) =>
  request<Decision>('POST', `/api/v1/moderation/items/${id}/decide`, { body: { action, reason } });

export interface ModerationSettings {
  hide_threshold: number;
  queue_threshold: number;
  categories: string[];
  use_model: boolean;
}

export interface ModerationSettingsView {
  own: ModerationSettings | null;
  effective: ModerationSettings;
  set_by: { id: number; name: string } | null;
}

export const getModerationSettings = (orgId: number) =>
  request<ModerationSettingsView>('GET', `/api/v1/organisations/${orgId}/moderation-settings`);

export const putModerationSettings = (orgId: number, settings: ModerationSettings | null) =>
  request<ModerationSettingsView>('PUT', `/api/v1/organisations/${orgId}/moderation-settings`, { body: { settings } });

export interface ModerationTerm {
  id: number;
  organisation_id: number;
  organisation?: { id: number; name: string };
  kind: 'add' | 'allow' | string;
  category: string;
  language: string | null;
  term: string;
  created_by_name?: string;
  created_at?: string;
}

export const listModerationTerms = (orgId: number) => request<{ items: ModerationTerm[] }>('GET', `/api/v1/organisations/${orgId}/moderation-terms`);

export const addModerationTerm = (orgId: number, t: { kind: string; category: string; language: string; term: string }) =>
  request<ModerationTerm>('POST', `/api/v1/organisations/${orgId}/moderation-terms`, { body: t });

export const deleteModerationTerm = (id: number) => request<void>('DELETE', `/api/v1/moderation-terms/${id}`);

export interface ModerationTry {
  scores: Record<string, number>;
  terms: { category: string; language: string | null; term: string }[];
  personal_data: { kind: string; text: string }[];
  action: 'hide' | 'queue' | 'none' | string;
  category: string | null;
}

export const tryModeration = (organisationId: number, text: string) =>
  request<ModerationTry>('POST', '/api/v1/moderation/try', { body: { organisation_id: organisationId, text } });
