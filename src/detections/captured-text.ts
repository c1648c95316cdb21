import { InvalidInputError } from '../domain/errors.js';

/** The text of one value being captured from chunks: the pieces of those that ended inside it, at most `limit`. */
export class CapturedText {
  private pieces: string[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  /** Keeps the piece of a chunk that ends inside the value (the `value`th, named if it is too long). */
  keep(piece: string, value: number): void {
    this.grow(piece.length, value);
    this.pieces.push(piece);
  }

  /** The value's whole text, ending with `last` (most values lie inside one chunk: no pieces joined); starts again. */
  end(last: string, value: number): string {
    if (this.pieces.length === 0) {
      this.grow(last.length, value);
      this.length = 0;
      return last;
    }
    this.keep(last, value);
    const text = this.pieces.join('');
    this.clear();
    return text;
  }

  /** Hands the pieces kept, and their length, over (a wrapper's text so far) and starts again. */
  take(): [string[], number] {
    const taken: [string[], number] = [this.pieces, this.length];
    this.pieces = [];
    this.length = 0;
    return taken;
  }

  /** Whether no chunk has ended inside the value. */
  get empty(): boolean {
    return this.pieces.length === 0;
  }

  clear(): void {
    if (this.pieces.length > 0) this.pieces = [];
    this.length = 0;
  }

  private grow(length: number, value: number): void {
    this.length += length;
    if (this.length > this.limit)
      throw new InvalidInputError(
        `value ${value} is longer than ${this.limit / 1024 / 1024}M characters: not a record AWS writes`,
      );
  }
}
