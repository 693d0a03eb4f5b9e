import { hostileSuite } from './hostile';

hostileSuite('ownpilot');
