/** Webpack imports the sample CSV as text (asset/source). */
declare module '*.csv' {
  const text: string;
  export default text;
}
