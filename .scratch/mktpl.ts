import { writePGliteTemplate } from '../src/testing';
await writePGliteTemplate('/tmp/tpl.tar');
