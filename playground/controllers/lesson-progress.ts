import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What this browser remembers of the course: the lessons opened, the quizzes answered, the lesson open last. */
export interface Progress {
  visited: string[];
  /** "<lesson id>/<quiz id>". */
  answered: string[];
  last?: string;
}

const STORAGE_KEY = 'emit-playground:progress';

const quizKey = (lessonId: string, quizId: string) => `${lessonId}/${quizId}`;

function isProgress(value: unknown): value is Progress {
  const record = value as Partial<Progress> | null;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return typeof record === 'object' && record !== null && strings(record.visited) && strings(record.answered) && (record.last === undefined || typeof record.last === 'string');
}

/** Storage can be full, blocked (private mode) or edited by hand: the course then starts afresh rather than failing. */
function load(): Progress {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (isProgress(stored)) return stored;
  } catch {
    // Unreadable: start afresh.
  }
  return { visited: [], answered: [] };
}

/**
 * The student's progress through the lessons, kept in localStorage so that it survives a reload, and in
 * step with other tabs of the same page.
 */
export class LessonProgress implements ReactiveController {
  #progress: Progress = load();
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('storage', this.#onStorage);
  }

  hostDisconnected(): void {
    window.removeEventListener('storage', this.#onStorage);
  }

  get last(): string | undefined {
    return this.#progress.last;
  }

  hasVisited(lessonId: string): boolean {
    return this.#progress.visited.includes(lessonId);
  }

  hasAnswered(lessonId: string, quizId: string): boolean {
    return this.#progress.answered.includes(quizKey(lessonId, quizId));
  }

  visit(lessonId: string): void {
    if (this.#progress.last === lessonId && this.hasVisited(lessonId)) return;
    const visited = this.hasVisited(lessonId) ? this.#progress.visited : [...this.#progress.visited, lessonId];
    this.#save({ ...this.#progress, visited, last: lessonId });
  }

  answer(lessonId: string, quizId: string): void {
    if (this.hasAnswered(lessonId, quizId)) return;
    this.#save({ ...this.#progress, answered: [...this.#progress.answered, quizKey(lessonId, quizId)] });
  }

  #save(progress: Progress): void {
    this.#progress = progress;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(progress));
    } catch {
      // Not kept across reloads, but still shown for this visit.
    }
    this.#host.requestUpdate();
  }

  readonly #onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return;
    this.#progress = load();
    this.#host.requestUpdate();
  };
}
