// Type declarations for lianmap.js: the <lian-map> element, mount(), the events and the chain
// document format (the same as schema/lianmap.schema.json, which `lianmap schema` prints).

// ---------------------------------------------------------------------------------------------
// The chain document

/** A display name: one string for every language, or one per BCP 47 language tag. */
export type Name = string | { [languageTag: string]: string };

/** Gap class of a link: `missing` (缺链), `weak` (短板) or `strong` (长板). */
export type GapClass = 'missing' | 'weak' | 'strong';

/** Role of an enterprise in the chain: `leader` (链主), `key` supplier or `member`. */
export type Role = 'leader' | 'key' | 'member';

/** Investment-attraction status, in pipeline order. */
export type Status = 'target' | 'lead' | 'negotiating' | 'signed' | 'started' | 'producing';

/** Administrative level of a park. */
export type ParkLevel = 'national' | 'provincial' | 'municipal' | 'county';

/** Kind of opportunity: 应用场景, 供需对接, 土地, 政策, 资本. */
export type OpportunityKind = 'scene' | 'supply' | 'land' | 'policy' | 'capital';

/** Document-wide information. */
export interface Meta {
  /** Title shown above the map. */
  title?: Name | null;
  /** Region code of the whole document (GB/T 2260, e.g. "450000"). */
  region?: string | null;
  /** Date the data was last updated (YYYY-MM-DD). */
  updated?: string | null;
  /** Currency of amounts (ISO 4217, e.g. "CNY"). */
  currency?: string | null;
  /** Unit of amounts (e.g. "亿元"). */
  unit?: string | null;
  /** True when the document is sample or synthetic data; the widget then says so. */
  sample?: boolean | null;
  /** Where the data comes from, shown as a note. */
  source?: string | null;
}

/** A stage of the chain (上游 / 中游 / 下游 …). */
export interface Stage {
  /** Unique id among stages. */
  id: string;
  name: Name;
}

/** A link (segment, 环节) of the chain. */
export interface Link {
  /** Unique id among links. */
  id: string;
  name: Name;
  /** Parent link id, or null for a top-level link. */
  parent?: string | null;
  /** Stage id: required on top-level links when the document has stages. */
  stage?: string | null;
  /** Host override of the computed gap class. */
  gap?: GapClass | null;
  /** Longer description shown in the detail panel. */
  description?: Name | null;
}

/** A supply relation: `from` supplies `to` (link ids). */
export interface Flow {
  from: string;
  to: string;
}

/** An enterprise (企业) on one or more links. */
export interface Enterprise {
  /** Unique id among enterprises. */
  id: string;
  name: Name;
  /** Ids of the links it works on. */
  links?: string[];
  /** Its role in the chain; `member` when absent. */
  role?: Role | null;
  /** True when already in the region. When absent: true if `status` is absent or `producing`. */
  local?: boolean | null;
  /** Investment-attraction status (targets) or `producing`. */
  status?: Status | null;
  /** Objective evaluation score (客观评价), 0–100. */
  score?: number | null;
  /** Amount (investment or output) in the document's unit. */
  amount?: number | null;
  /** Region code (GB/T 2260, or the id of a host region). */
  region?: string | null;
  /** Park id. */
  park?: string | null;
  /** Longitude in degrees. */
  lon?: number | null;
  /** Latitude in degrees. */
  lat?: number | null;
  /** Web page (http or https only). */
  url?: string | null;
}

/** An industrial park (园区). */
export interface Park {
  /** Unique id among parks. */
  id: string;
  name: Name;
  level?: ParkLevel | null;
  /** Region code. */
  region?: string | null;
  /** Designated links (主导产业). */
  links?: string[];
  /** Land available, in hectares. */
  landHa?: number | null;
  lon?: number | null;
  lat?: number | null;
  /** Web page (http or https only). */
  url?: string | null;
}

/** An investment project. */
export interface Project {
  /** Unique id among projects. */
  id: string;
  name: Name;
  /** Enterprise id. */
  enterprise?: string | null;
  /** Link id. */
  link?: string | null;
  /** Region code. */
  region?: string | null;
  /** Pipeline status. */
  status?: Status | null;
  /** Amount in the document's unit. */
  amount?: number | null;
  /** Date of the current status (YYYY-MM-DD). */
  date?: string | null;
}

/** An opportunity (机会清单). */
export interface Opportunity {
  /** Unique id among opportunities. */
  id: string;
  kind: OpportunityKind;
  title: Name;
  description?: Name | null;
  /** Link id it concerns. */
  link?: string | null;
  /** Region code. */
  region?: string | null;
  /** Amount in the document's unit. */
  amount?: number | null;
  /** Web page (http or https only). */
  url?: string | null;
}

/** One value of one metric in one region. */
export interface Metric {
  /** Region code. */
  region: string;
  /** Metric name, e.g. "investment". */
  key: string;
  value: number;
}

/**
 * A Lianmap chain document (产业链): stages, links and the flows between them, enterprises,
 * parks, projects, opportunities and per-region metrics. References between items are checked
 * by the widget (`lianmap-error`) and `lianmap validate`, not by these types.
 */
export interface LianmapDocument {
  /** Format version; must be 1. */
  version: 1;
  meta?: Meta;
  /** Stages in order (upstream → downstream); when absent, links are ranked by their flows. */
  stages?: Stage[] | null;
  /** Links of the chain: a tree through `parent`. */
  links: Link[];
  flows?: Flow[];
  enterprises?: Enterprise[];
  parks?: Park[];
  projects?: Project[];
  opportunities?: Opportunity[];
  metrics?: Metric[];
}

// ---------------------------------------------------------------------------------------------
// Events

/** `lianmap-ready`: counts of what is shown, and how many errors and warnings. */
export interface LianmapReadyDetail {
  stages: number;
  links: number;
  leafLinks: number;
  flows: number;
  enterprises: number;
  localEnterprises: number;
  targetEnterprises: number;
  parks: number;
  projects: number;
  opportunities: number;
  metrics: number;
  errors: number;
  warnings: number;
}

/** What `lianmap-select` reports as selected. */
export type LianmapSelectKind = 'link' | 'enterprise' | 'region' | 'park' | 'project' | 'opportunity';

/**
 * `lianmap-select`: the id and kind of what was selected; both are null when the selection was
 * cleared (Escape, a panel's close button, `clearSelection()`, a new document).
 */
export type LianmapSelectDetail =
  | { id: string; kind: LianmapSelectKind }
  | { id: null; kind: null };

/** One problem in a document (or in loading it). */
export interface LianmapDiagnostic {
  severity: 'error' | 'warning';
  /** JSON path of the offending value, e.g. `enterprises[12].links[0]`; `$` is the whole document. */
  path: string;
  /** What is wrong, in English. */
  message: string;
  /** What was probably meant, e.g. `did you mean "battery"?`. */
  hint?: string;
  /** 1-based line of a syntax error. */
  line?: number;
  /** 1-based column of a syntax error. */
  column?: number;
}

/** `lianmap-error`: the document's errors (the valid part is still drawn), or why it could not load. */
export interface LianmapErrorDetail {
  errors: LianmapDiagnostic[];
}

/** The element's events by name. */
export interface LianmapEventMap {
  'lianmap-ready': CustomEvent<LianmapReadyDetail>;
  'lianmap-select': CustomEvent<LianmapSelectDetail>;
  'lianmap-error': CustomEvent<LianmapErrorDetail>;
}

/** The names `on()` takes: `ready`, `select`, `error` or the full event names. */
export type LianmapEventName = keyof LianmapEventMap | 'ready' | 'select' | 'error';

/** The event named `N` (short or full name). */
export type LianmapEventOf<N extends LianmapEventName> = N extends keyof LianmapEventMap
  ? LianmapEventMap[N]
  : LianmapEventMap[`lianmap-${N & string}` & keyof LianmapEventMap];

// ---------------------------------------------------------------------------------------------
// The element

export type LianmapView = 'chain' | 'map' | 'split' | 'table';
export type LianmapLang = 'zh-CN' | 'zh-TW' | 'en';
export type LianmapTheme = 'light' | 'dark' | 'auto';
export type LianmapRenderer = 'auto' | 'svg' | 'canvas';
export type LianmapProjection = 'mercator' | 'equirectangular' | 'plan';

/** GeoJSON boundaries for the map (a FeatureCollection of regions). */
export interface GeoJsonObject {
  type: string;
  [key: string]: unknown;
}

/** `<lian-map>`. Its properties reflect the attributes of the same name (null when absent). */
export declare class LianMapElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** URL of a chain document (attribute `src`). */
  src: string | null;
  /** `chain` (default), `map`, `split` or `table` (attribute `view`). */
  view: LianmapView | (string & {}) | null;
  /** `light` (default), `dark` or `auto` (attribute `theme`). */
  theme: LianmapTheme | (string & {}) | null;
  /** `auto` (default), `svg` or `canvas` (attribute `renderer`). */
  renderer: LianmapRenderer | (string & {}) | null;
  /** `mercator` (default), `equirectangular` or `plan` (attribute `projection`). */
  projection: LianmapProjection | (string & {}) | null;
  /** The feature property holding a region's id (attribute `geo-id`). */
  geoId: string | null;
  /** URL of an image drawn under a `plan` (attribute `plan-image`). */
  planImage: string | null;
  /**
   * Keeps the view and the selection in the URL fragment (attribute `sync-hash`): `''` uses the
   * keys `lianmap.view` and `lianmap.select`, any other value is their prefix; `null` stops.
   */
  syncHash: string | null;
  /**
   * The chain document, an object or its JSON text (whose syntax errors then carry line and
   * column); setting it replaces what `src` loaded.
   */
  get data(): LianmapDocument | string | undefined;
  set data(doc: LianmapDocument | string | undefined);
  /** The map boundaries: a GeoJSON object, or the URL of the `geo` attribute. */
  get geo(): GeoJsonObject | string | null;
  set geo(value: GeoJsonObject | string | null | undefined);
  /** Same as setting `data`. */
  setData(doc: LianmapDocument | string): void;
  /** Selects an item by id and fires `lianmap-select`; false when there is no such item (yet). */
  select(id: string): boolean;
  clearSelection(): void;
  /** Fits the whole drawing into view. */
  fit(): void;
  /** What is shown, as an SVG document ('' before the widget has started). */
  exportSvg(): string;
  /** What is shown, as a PNG (rejected before the widget has started). */
  exportPng(): Promise<Blob>;

  addEventListener<K extends keyof LianmapEventMap>(
    type: K,
    listener: (this: LianMapElement, event: LianmapEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: LianMapElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof LianmapEventMap>(
    type: K,
    listener: (this: LianMapElement, event: LianmapEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: LianMapElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

// ---------------------------------------------------------------------------------------------
// mount()

/**
 * What `mount()` and `set()` take. An option left out (or `undefined`) is left as it is; in
 * `set()`, `null` removes it.
 */
export interface MountOptions {
  /** A chain document, an object or its JSON text (wins over `src`). */
  data?: LianmapDocument | string;
  /** URL of a chain document. */
  src?: string | null;
  /** Region boundaries: a GeoJSON URL or object. */
  geo?: GeoJsonObject | string | null;
  /** The feature property holding a region's id (`geo-id`). */
  geoId?: string | null;
  view?: LianmapView | null;
  lang?: LianmapLang | (string & {}) | null;
  theme?: LianmapTheme | null;
  renderer?: LianmapRenderer | null;
  projection?: LianmapProjection | null;
  /** URL of an image drawn under a `plan` (`plan-image`). */
  planImage?: string | null;
  /** Keep view and selection in the URL fragment (`sync-hash`; the value prefixes the keys). */
  syncHash?: string | null;
}

/** What `mount()` returns. */
export interface LianMapHandle {
  /** The `<lian-map>` put into the container. */
  readonly element: LianMapElement;
  /**
   * Selects an item by id (fires `lianmap-select`). Before the document is shown it returns
   * false and remembers the id, which is selected when `lianmap-ready` fires.
   */
  select(id: string): boolean;
  /** Clears the selection (and a remembered one); nothing before the widget has started. */
  clearSelection(): void;
  /** Shows another document. */
  setData(doc: LianmapDocument | string): void;
  /** Fits the drawing into view; nothing before the widget has started. */
  fit(): void;
  exportSvg(): string;
  exportPng(): Promise<Blob>;
  /**
   * Calls `fn(detail, event)` for every event of that name (`ready`, `select`, `error`, or the
   * full `lianmap-…` name); returns a function that stops it.
   */
  on<N extends LianmapEventName>(
    event: N,
    fn: (detail: LianmapEventOf<N>['detail'], event: LianmapEventOf<N>) => void,
  ): () => void;
  /** Changes options later. */
  set(options: MountOptions): void;
  /** Removes the listeners and the element (which frees its WebAssembly widget). */
  destroy(): void;
}

/** Puts a `<lian-map>` into `container` and returns a handle to drive it. */
export declare function mount(container: ParentNode & Node, options?: MountOptions): LianMapHandle;

// ---------------------------------------------------------------------------------------------
// The module's other exports

/** Starts the WebAssembly module (once; later calls share the same promise). */
export declare function ready(): Promise<unknown>;

/** A box of the chain layout (`lianmap layout`): a stage band or a link. */
export interface LayoutNode {
  /** Link or stage id. */
  id: string;
  kind: 'link' | 'stage' | 'enterprise';
  /** Centre, in px. */
  x: number;
  /** Centre, in px. */
  y: number;
  width: number;
  height: number;
  /** Label lines as wrapped for this box. */
  label: string[];
}

/** A flow of the chain layout. */
export interface LayoutEdge {
  /** Supplying link id (a folded group stands for its members). */
  from: string;
  /** Receiving link id. */
  to: string;
  /** The drawn path, curves flattened, in px. */
  points: [number, number][];
  /** True when the flow runs against the chain's direction (absent otherwise). */
  back?: true;
}

/** The chain layout: stage bands first, then links; flows between visible links. */
export interface ChainLayout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  width: number;
  height: number;
}

/** The chain layout of a document without drawing it (after `ready()`; throws on a rejected document). */
export declare function layout(doc: LianmapDocument): ChainLayout;

export type HeatRamp = 'ylorrd' | 'viridis' | 'cividis' | 'blues' | 'greens';

/**
 * Draws the weighted kernel density of `points` (x, y, weight triples in canvas pixels) onto
 * `canvas` (after `ready()`); returns the densest value drawn.
 */
export declare function heat(
  canvas: HTMLCanvasElement,
  points: Float32Array | ArrayLike<number>,
  options?: { radius?: number; ramp?: HeatRamp; opacity?: number },
): number;

/** Bytes of WebAssembly memory the widgets hold (0 before the module has started). */
export declare function memoryBytes(): number;

declare global {
  interface HTMLElementTagNameMap {
    'lian-map': LianMapElement;
  }
  interface HTMLElementEventMap extends LianmapEventMap {}
  /** The events bubble and are composed: listening on the document works too. */
  interface DocumentEventMap extends LianmapEventMap {}
}
