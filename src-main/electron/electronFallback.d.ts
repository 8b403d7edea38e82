// The slice of Electron's API that src-main/electron uses, for type-checking where the optional `electron`
// package is not installed (offline installs drop it with its binary). tsconfig.json's `paths` prefers the real
// package's types whenever it is present. Signatures here are narrowed copies of Electron 40's; extend this file
// only with what the shell starts to use.

export type Event<Params extends object = object> = Params & {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
};

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  webSecurity?: boolean;
  spellcheck?: boolean;
  additionalArguments?: string[];
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  navigateOnDragDrop?: boolean;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  show?: boolean;
  webPreferences?: WebPreferences;
}

export interface WindowOpenHandlerResponse {
  action: "deny" | "allow";
}

export interface WebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void;
  on(event: "will-navigate", listener: (event: Event<{ url: string }>) => void): this;
  on(event: "will-redirect", listener: (event: Event<{ url: string }>) => void): this;
  on(event: "will-attach-webview", listener: (event: Event) => void): this;
}

export class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  static getAllWindows(): BrowserWindow[];
  readonly webContents: WebContents;
  once(event: "ready-to-show", listener: () => void): this;
  show(): void;
  loadFile(filePath: string): Promise<void>;
}

export interface App {
  enableSandbox(): void;
  getVersion(): string;
  getAppPath(): string;
  quit(): void;
  whenReady(): Promise<void>;
  on(event: "web-contents-created", listener: (event: Event, webContents: WebContents) => void): this;
  on(event: "window-all-closed" | "activate" | "will-quit", listener: () => void): this;
}

export interface OnBeforeRequestListenerDetails {
  url: string;
}

export interface Session {
  webRequest: {
    onBeforeRequest(
      listener: (details: OnBeforeRequestListenerDetails, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setSpellCheckerEnabled(enable: boolean): void;
}

export interface WebFrameMain {
  readonly url: string;
}

export interface MessagePortMain {
  on(event: "close", listener: () => void): this;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface IpcMainInvokeEvent {
  readonly senderFrame: WebFrameMain | null;
}

export interface IpcMainEvent extends IpcMainInvokeEvent {
  readonly ports: MessagePortMain[];
}

export interface IpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): this;
}

export interface IpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void;
}

export const app: App;
export const session: { readonly defaultSession: Session };
export const ipcMain: IpcMain;
export const ipcRenderer: IpcRenderer;
export const contextBridge: { exposeInMainWorld(apiKey: string, api: unknown): void };
