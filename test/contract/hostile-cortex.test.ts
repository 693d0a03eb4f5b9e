import { hostileSuite } from './hostile';

hostileSuite('cortex');
