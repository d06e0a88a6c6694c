import packageJson from '../../package.json' with { type: 'json' };

/**
 * The package's version. The build inlines package.json into `dist/cli.js`, so `--version` needs
 * no file at run time and always matches the package the CLI was built from.
 */
export const VERSION: string = packageJson.version;
