/**
 * Builds the add-in into dist/: the task pane, the ribbon's function file and the preview page, as ES modules
 * (so Fluent UI tree-shakes), with the rules worker as its own module chunk.
 *
 *   npm run build                      production build; the manifest's https://localhost:3000/ becomes
 *                                      ADDIN_PRODUCTION_URL (e.g. https://deals.contoso.com/cosell/)
 *   npm run dev-server                 HTTPS on https://localhost:3000 with office-addin-dev-certs
 */
const fs = require('node:fs');
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';

/** The URL the built manifest points at; must end with a slash. */
function productionUrl() {
  const url = process.env.ADDIN_PRODUCTION_URL ?? DEV_URL;
  if (!/^https:\/\/.+\/$/.test(url)) {
    throw new Error(`ADDIN_PRODUCTION_URL must be an https:// URL ending with "/"; got "${url}".`);
  }
  return url;
}

/**
 * A page with its entry's module scripts added. The pages are plain HTML, read as is: the default template
 * loader compiles them as lodash templates, which trips ES-module output's strict mode for nothing.
 */
function page(name, file) {
  return new HtmlWebpackPlugin({ filename: `${name}.html`, templateContent: fs.readFileSync(path.resolve(__dirname, file), 'utf8'), chunks: [name], scriptLoading: 'module' });
}

/** The manifest as deployed: every dev-server URL replaced by the production URL. */
function rewriteManifest(content, url) {
  return content.replaceAll(DEV_URL, url);
}

async function httpsOptions() {
  // Loaded only for the dev server: it creates a localhost certificate on first use and trusts its CA.
  const devCerts = require('office-addin-dev-certs');
  try {
    const options = await devCerts.getHttpsServerOptions();
    return { ca: options.ca, key: options.key, cert: options.cert };
  } catch (error) {
    // Trusting the CA needs admin rights (sudo on Linux). Serve with the generated certificate anyway and say
    // how to trust it, rather than not serving at all.
    const { caCertificatePath, localhostCertificatePath, localhostKeyPath } = require('office-addin-dev-certs/lib/defaults');
    if (!fs.existsSync(localhostKeyPath)) throw error;
    console.warn(`\n${error.message}\nServing with ${localhostCertificatePath}, which Excel and browsers will not trust until you trust ${caCertificatePath} (run \`npx office-addin-dev-certs install\` as an administrator).\n`);
    return { ca: fs.readFileSync(caCertificatePath), key: fs.readFileSync(localhostKeyPath), cert: fs.readFileSync(localhostCertificatePath) };
  }
}

module.exports = async function config(env, argv) {
  const dev = argv.mode !== 'production';
  const serving = Boolean(env && env.WEBPACK_SERVE);
  return {
    mode: dev ? 'development' : 'production',
    // No eval-based source maps: the pane's Content-Security-Policy forbids eval, in production and in dev.
    devtool: dev ? 'inline-source-map' : 'source-map',
    entry: {
      taskpane: './addin/taskpane/index.tsx',
      commands: './addin/commands/commands.ts',
      preview: './addin/preview/index.tsx',
    },
    experiments: { outputModule: true },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      chunkFilename: '[name].[contenthash:8].js',
      module: true,
      chunkFormat: 'module',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.json'],
      // json-rules-engine imports jsonpath-plus for its default path resolver; the engine passes its own.
      alias: {
        'jsonpath-plus': false,
      },
    },
    module: {
      rules: [
        { test: /\.tsx?$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { configFile: path.resolve(__dirname, 'addin/tsconfig.json'), transpileOnly: true } } },
        { test: /\.csv$/, type: 'asset/source' },
      ],
    },
    performance: { hints: false },
    // No `global` shim: webpack's falls back to new Function('return this'), which the CSP forbids anyway.
    node: { global: false },
    plugins: [
      page('taskpane', './addin/taskpane/taskpane.html'),
      page('commands', './addin/commands/commands.html'),
      page('preview', './addin/preview/preview.html'),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'addin/support/support.html', to: 'support.html' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => (dev ? content : rewriteManifest(content.toString(), productionUrl())),
          },
        ],
      }),
    ],
    devServer: serving
      ? {
          port: 3000,
          headers: { 'Access-Control-Allow-Origin': '*' },
          server: { type: 'https', options: await httpsOptions() },
          static: false,
          hot: false,
          client: { overlay: { warnings: false } },
        }
      : undefined,
  };
};

module.exports.rewriteManifest = rewriteManifest;
module.exports.productionUrl = productionUrl;
