import { Lifecycle } from './startup/lifecycle';

// First of all, before the framework loads (a second or so): from here on a Ctrl-C stops
// whatever has started, however far start-up got, and says so.
const lifecycle = Lifecycle.install();
void import('./startup/bootstrap.js').then(({ bootstrap }) => bootstrap(lifecycle));
