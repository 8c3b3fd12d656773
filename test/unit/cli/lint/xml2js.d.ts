// xml2js ships no types (and @types/xml2js is not a dependency): the part of its API junit.test.ts uses.
declare module 'xml2js' {
  export function parseStringPromise<T = unknown>(xml: string, options?: object): Promise<T>;
}
