import { hostileSuite } from './hostile';

hostileSuite('quorum');
