import { hostileSuite } from './hostile';

hostileSuite('messaging');
