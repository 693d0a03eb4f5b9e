import { hostileSuite } from './hostile';

hostileSuite('bottleneck');
